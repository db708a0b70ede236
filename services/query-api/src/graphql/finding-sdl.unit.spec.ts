import { EpochMs, FindingBody } from '@justfit/events';
import type { GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createApiSchema } from './server';

/** The API names the finding's id `id`; every other field keeps the contract's name. */
const SDL_NAME: Record<string, string> = { findingId: 'id' };
/** What the read model adds to the analyzer's body. */
const READ_MODEL_ONLY = ['status'];

type Expected = { nullable: boolean; type: string | string[] | { [field: string]: Expected } };

/** The SDL type a contract field should have: scalars by kind, enums by their values, objects field by field. */
function expectedOf(schema: z.ZodType): Expected {
  const def = schema.def as { type: string } & Record<string, unknown>;
  if (def.type === 'optional' || def.type === 'nullable') {
    return { ...expectedOf((schema as unknown as { unwrap(): z.ZodType }).unwrap()), nullable: true };
  }
  // GraphQL's Int is 32 bits: epoch milliseconds travel as Float.
  if (schema === EpochMs) return { nullable: false, type: 'Float' };
  if (def.type === 'string') return { nullable: false, type: 'String|ID' };
  if (def.type === 'number') return { nullable: false, type: (schema as z.ZodNumber).isInt ? 'Int' : 'Float' };
  if (def.type === 'boolean') return { nullable: false, type: 'Boolean' };
  if (def.type === 'enum') return { nullable: false, type: [...(schema as z.ZodEnum).options].map(String).sort() };
  if (def.type === 'object') {
    const shape = (schema as z.ZodObject).shape;
    return {
      nullable: false,
      type: Object.fromEntries(Object.entries(shape).map(([k, v]) => [SDL_NAME[k] ?? k, expectedOf(v as z.ZodType)])),
    };
  }
  // Per-type evidence (a union of shapes) travels as JSON.
  return { nullable: false, type: 'JSON' };
}

/**
 * The SDL side read from the types' printed names (`RiskLevel!`), not with graphql's type guards: the schema comes
 * from graphql-yoga's copy of graphql (CommonJS), which `instanceof` checks in this ESM test would not recognise.
 */
interface NamedType {
  name: string;
  getValues?(): { name: string }[];
  getFields?(): Record<string, { name: string; type: { toString(): string } }>;
}

function actualOf(schema: GraphQLSchema, printed: string): Expected {
  const nullable = !printed.endsWith('!');
  const named = schema.getType(printed.replace(/[[\]!]/g, '')) as NamedType | undefined;
  if (!named) throw new Error(`no SDL type ${printed}`);
  if (named.getValues)
    return {
      nullable,
      type: named
        .getValues()
        .map((v) => v.name)
        .sort(),
    };
  if (named.getFields) return { nullable, type: fieldsOf(schema, named) };
  return { nullable, type: named.name === 'ID' || named.name === 'String' ? 'String|ID' : named.name };
}

function fieldsOf(schema: GraphQLSchema, type: NamedType): { [field: string]: Expected } {
  return Object.fromEntries(Object.values(type.getFields!()).map((f) => [f.name, actualOf(schema, f.type.toString())]));
}

/** The contract's finding as one object: the fields every analysis type shares, analysisType as the set of types. */
function contractFinding(): { [field: string]: Expected } {
  const branches = FindingBody.options;
  const common = expectedOf(branches[0]).type as { [field: string]: Expected };
  return {
    ...common,
    analysisType: { nullable: false, type: branches.map((b) => String(b.shape.analysisType.value)).sort() },
  };
}

describe('finding SDL', () => {
  const schema = createApiSchema();

  it('finding SDL - the API’s Finding has the contract’s fields, with their types and nullability', () => {
    const sdl = fieldsOf(schema, schema.getType('Finding') as NamedType);
    const withoutReadModel = Object.fromEntries(Object.entries(sdl).filter(([k]) => !READ_MODEL_ONLY.includes(k)));
    expect(withoutReadModel).toEqual(contractFinding());
  });
});
