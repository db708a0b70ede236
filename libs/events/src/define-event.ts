import { z } from 'zod';

/** The JetStream streams events live in, one per bounded context. */
export const StreamName = z.enum([
  'CONNECTIONS',
  'TASKS',
  'RAW',
  'LOADS',
  'FINDINGS',
  'REPORTS',
  'POLICIES',
  'JOBS',
  'ACCESS',
  'AUDIT',
  'SETTINGS',
  'FLEET',
  'WORK',
]);
export type StreamName = z.infer<typeof StreamName>;

export type EventTypeString<Name extends string, Version extends number> = `io.justfit.${Name}.v${Version}`;

export interface EventDefinition<
  Name extends string = string,
  Schema extends z.ZodType = z.ZodType,
  Version extends number = number,
> {
  /** PascalCase past-tense name, e.g. `CollectTaskProgressed`. */
  readonly name: Name;
  readonly version: Version;
  /** CloudEvents `type`: `io.justfit.<Name>.v<version>`; a new version of an event is a new type. */
  readonly type: EventTypeString<Name, Version>;
  readonly stream: StreamName;
  /** Runtime schema of `data`; the TypeScript type is `z.infer` of it. */
  readonly schema: Schema;
  /**
   * For events carrying thousands of records: the schema's rules checked in place, without the copy a schema parse
   * makes of every record. It must accept exactly what `schema` accepts (a unit test runs both on the same inputs);
   * what it refuses goes through `schema`, which says why.
   */
  readonly checkInPlace?: (data: unknown) => data is z.infer<Schema>;
}

export function defineEvent<const Name extends string, Schema extends z.ZodType, const Version extends number>(def: {
  name: Name;
  version: Version;
  stream: StreamName;
  schema: Schema;
  checkInPlace?: (data: unknown) => data is z.infer<Schema>;
}): EventDefinition<Name, Schema, Version> {
  return { ...def, type: `io.justfit.${def.name}.v${def.version}` as EventTypeString<Name, Version> };
}
