import type { EventStore } from '@justfit/events';
import { isEvent } from '@justfit/events';
import {
  defaultFieldResolver,
  GraphQLError,
  type GraphQLFieldConfig,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { type ClickHouseClient, getImport } from '@justfit/storage';
import { apiError } from '../graphql/errors';
import { taskTypeOf } from '../live/task-events';
import { getReport } from '../read-models/reports';
import type { AuditTrail } from './audit-trail';
import type { ConnectionScope, OperationRule } from './operation-rules';
import type { Principal } from './principal';
import { holdsRole } from './roles';

/** What the guard needs of a request's context. */
export interface GuardContext {
  principal?: Principal;
  clientAddress: string;
  traceId: string;
  clickhouse: ClickHouseClient;
  store: EventStore;
  audit?: AuditTrail;
}

type Args = Record<string, unknown>;
const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

/** Every root field of the schema as `Type.field`. */
export function rootOperations(schema: GraphQLSchema): string[] {
  return ROOT_TYPES.flatMap((name) => {
    const type = schema.getType(name) as GraphQLObjectType | undefined;
    return type ? Object.keys(type.getFields()).map((field) => `${name}.${field}`) : [];
  });
}

/**
 * Puts each root field of the schema behind its rule: the caller must be authenticated (401), hold the rule's role
 * (403) and stay within their connection if scoped to one (403). Mutations are audited, refused or not.
 * Throws when a root field has no rule, or a rule names no field: an operation cannot ship unguarded.
 */
export function guardOperations(schema: GraphQLSchema, rules: Readonly<Record<string, OperationRule>>): GraphQLSchema {
  const operations = rootOperations(schema);
  const unguarded = operations.filter((op) => !rules[op]);
  const stale = Object.keys(rules).filter((op) => !operations.includes(op));
  if (unguarded.length || stale.length)
    throw new Error(
      `operation-rules.ts must have exactly one rule per operation: ${[
        unguarded.length ? `no rule for ${unguarded.join(', ')}` : '',
        stale.length ? `rules for unknown operations ${stale.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')}`,
    );
  for (const typeName of ROOT_TYPES) {
    const type = schema.getType(typeName) as GraphQLObjectType | undefined;
    for (const field of Object.values(type?.getFields() ?? {})) {
      const operation = `${typeName}.${field.name}`;
      const rule = rules[operation]!;
      const config = field as unknown as GraphQLFieldConfig<unknown, GuardContext, Args>;
      if (typeName === 'Subscription') config.subscribe = guarded(operation, rule, config.subscribe!, false);
      else config.resolve = guarded(operation, rule, config.resolve ?? defaultFieldResolver, typeName === 'Mutation');
    }
  }
  return schema;
}

function guarded(
  operation: string,
  rule: OperationRule,
  resolve: GraphQLFieldResolver<unknown, GuardContext, Args>,
  audited: boolean,
): GraphQLFieldResolver<unknown, GuardContext, Args> {
  const name = operation.slice(operation.indexOf('.') + 1);
  return async (parent, args, ctx, info) => {
    const principal = ctx.principal;
    if (!principal) throw apiError(401, 'authentication required: send Authorization: Bearer <token>', ctx.traceId);
    const audit = (outcome: 'ok' | 'refused' | 'failed', code?: number) =>
      audited
        ? ctx.audit?.record({
            principal,
            operation: name,
            args,
            outcome,
            code,
            clientAddress: ctx.clientAddress,
            traceId: ctx.traceId,
          })
        : undefined;
    let scopedArgs: Args;
    try {
      if (!holdsRole(principal.roles, rule.role))
        throw apiError(
          403,
          `${name} needs the ${rule.role} role; ${principal.name} has ${principal.roles.join(', ') || 'none'}`,
          ctx.traceId,
        );
      scopedArgs = await withinConnection(principal, rule.connection, args, ctx, name);
    } catch (e) {
      await audit('refused', 403);
      throw e;
    }
    if (!audited) return resolve(parent, scopedArgs, ctx, info);
    try {
      const result = await resolve(parent, scopedArgs, ctx, info);
      await audit('ok');
      return result;
    } catch (e) {
      const code = e instanceof GraphQLError ? Number(e.extensions?.code) || 500 : 500;
      await audit('failed', code);
      throw e;
    }
  };
}

function getPath(args: Args, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Args)[k] : undefined), args);
}

/** A copy of `args` with `value` at `path`, creating the objects on the way (an absent input or filter). */
function setPath(args: Args, path: string, value: unknown): Args {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...args, [head!]: value };
  const inner = (args[head!] as Args | null | undefined) ?? {};
  return { ...args, [head!]: setPath(inner, rest.join('.'), value) };
}

/** The arguments a caller scoped to one connection may run the operation with, or a 403. */
async function withinConnection(
  principal: Principal,
  scope: ConnectionScope,
  args: Args,
  ctx: GuardContext,
  name: string,
): Promise<Args> {
  const own = principal.connectionId;
  if (!own || scope === 'none') return args;
  const outside = (what: string) =>
    apiError(403, `${principal.name} may reach connection ${own} only: ${name} ${what}`, ctx.traceId);
  if (scope === 'all') throw outside('spans every connection');
  if ('arg' in scope) {
    const given = getPath(args, scope.arg);
    if (given === undefined || given === null || given === '') return setPath(args, scope.arg, own);
    if (given !== own) throw outside(`was asked for connection ${String(given)}`);
    return args;
  }
  const idPath = 'task' in scope ? scope.task : scope.report;
  const id = getPath(args, idPath);
  if (typeof id !== 'string' || !id) throw outside('was asked without an id, which would span every connection');
  // Reports and analyses are tasks too: taskProgress and taskCompleted follow them by their id.
  const connectionId = 'task' in scope ? await anyTaskConnection(ctx, id) : await reportConnection(ctx, id);
  if (connectionId !== own) throw outside(`was asked for ${id}, which is not in it`);
  return args;
}

/** The connection a task of any type works on (undefined: none, or every one, such as an analysis of all). */
async function anyTaskConnection(ctx: GuardContext, id: string): Promise<string | undefined> {
  switch (taskTypeOf(id)) {
    case 'report':
      return reportConnection(ctx, id);
    case 'analyze':
      return runConnection(ctx.store, id);
    case 'import':
      return (await getImport(ctx.clickhouse, id))?.connectionId;
    default:
      return taskConnection(ctx.store, id);
  }
}

async function runConnection(store: EventStore, runId: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_:-]{1,200}$/.test(runId)) return undefined;
  const { events } = await store.read(runId, 'FINDINGS');
  const requested = events.map((e) => e.event).find((e) => isEvent(e, 'AnalysisRunRequested'));
  return requested && isEvent(requested, 'AnalysisRunRequested') ? requested.data.connectionId : undefined;
}

async function taskConnection(store: EventStore, taskId: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_:-]{1,200}$/.test(taskId)) return undefined;
  const { events } = await store.read(taskId, 'TASKS');
  const requested = events.map((e) => e.event).find((e) => isEvent(e, 'CollectTaskRequested'));
  return requested && isEvent(requested, 'CollectTaskRequested') ? requested.data.config.connectionId : undefined;
}

async function reportConnection(ctx: GuardContext, reportId: string): Promise<string | undefined> {
  return (await getReport(ctx.clickhouse, reportId))?.connectionId ?? undefined;
}

/** Whether `principal` may download report `reportId` (the `/reports/<id>` route follows the `report` query's rule). */
export async function mayReadReport(principal: Principal, rule: OperationRule, reportId: string, ctx: GuardContext) {
  if (!holdsRole(principal.roles, rule.role)) return false;
  if (!principal.connectionId) return true;
  return (await reportConnection(ctx, reportId)) === principal.connectionId;
}
