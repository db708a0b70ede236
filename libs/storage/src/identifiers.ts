const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Database and table names cannot be query parameters in every statement (CREATE DATABASE, USE),
 * so the few that reach SQL text are restricted to plain identifiers and back-quoted.
 */
export function quoteIdentifier(name: string): string {
  if (!PLAIN_IDENTIFIER.test(name)) throw new Error(`Invalid ClickHouse identifier: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

export function isPlainIdentifier(name: string): boolean {
  return PLAIN_IDENTIFIER.test(name);
}
