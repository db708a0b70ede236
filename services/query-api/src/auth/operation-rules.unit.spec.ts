import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createApiSchema } from '../graphql/server';
import { guardOperations, rootOperations } from './operation-guard';
import { operationRules } from './operation-rules';
import { holdsRole, ROLES } from './roles';

describe('operation rules - who may do what', () => {
  it('schema walk - every root field of Query, Mutation and Subscription has exactly one rule', () => {
    const operations = rootOperations(createApiSchema());
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter((op) => !operationRules[op])).toEqual([]);
    expect(Object.keys(operationRules).filter((op) => !operations.includes(op))).toEqual([]);
    for (const type of ['Query', 'Mutation', 'Subscription'])
      expect(operations.some((op) => op.startsWith(`${type}.`))).toBe(true);
  });

  it('schema walk - a new operation without a rule stops the API from starting, naming it', () => {
    const schema = buildSchema('type Query { me: String, secretThing: String } type Mutation { dropAll: Int }');
    expect(() => guardOperations(schema, { 'Query.me': operationRules['Query.me']! })).toThrow(
      /no rule for Query\.secretThing, Mutation\.dropAll/,
    );
  });

  it('rules - changes need more than viewer; connections, policies, tokens and the audit log need admin', () => {
    const mutations = Object.entries(operationRules).filter(([op]) => op.startsWith('Mutation.'));
    expect(mutations.filter(([, rule]) => rule.role === 'viewer').map(([op]) => op)).toEqual([]);
    for (const op of [
      'Mutation.createConnection',
      'Mutation.updateConnection',
      'Mutation.deleteConnection',
      'Mutation.createPolicyVersion',
      'Mutation.changePolicyVersion',
      'Mutation.createApiToken',
      'Mutation.revokeApiToken',
      'Query.apiTokens',
      'Query.auditLog',
    ])
      expect(operationRules[op]?.role, op).toBe('admin');
    for (const op of [
      'Mutation.startCollectTask',
      'Mutation.runAnalysis',
      'Mutation.importMetrics',
      'Mutation.generateReport',
      'Mutation.createJob',
      'Mutation.updateJob',
      'Mutation.setJobEnabled',
      'Mutation.deleteJob',
    ])
      expect(operationRules[op]?.role, op).toBe('operator');
    for (const op of ['Query.jobs', 'Query.job']) expect(operationRules[op]?.role, op).toBe('viewer');
  });

  it('roles - admin holds every role; operator and approver read but hold neither each other nor admin', () => {
    for (const role of ROLES) expect(holdsRole(['admin'], role)).toBe(true);
    expect(holdsRole(['operator'], 'viewer')).toBe(true);
    expect(holdsRole(['approver'], 'viewer')).toBe(true);
    expect(holdsRole(['operator'], 'approver')).toBe(false);
    expect(holdsRole(['approver'], 'operator')).toBe(false);
    expect(holdsRole(['viewer'], 'operator')).toBe(false);
    expect(holdsRole(['operator', 'approver'], 'admin')).toBe(false);
    expect(holdsRole([], 'viewer')).toBe(false);
  });
});
