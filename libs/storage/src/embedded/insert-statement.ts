import type { StreamInsertFormat } from 'chdb';

export interface StreamableInsert {
  table: string;
  columns: string[] | undefined;
  format: StreamInsertFormat;
}

const STREAMABLE_FORMATS: Record<string, StreamInsertFormat> = {
  jsoneachrow: 'JSONEachRow',
  jsoncompacteachrow: 'JSONCompactEachRow',
  tsv: 'TSV',
  tabseparated: 'TabSeparated',
};

const NAME = '`?[A-Za-z_][A-Za-z0-9_]*`?';
const INSERT_WITH_DATA = new RegExp(
  `^\\s*INSERT\\s+INTO\\s+(?:TABLE\\s+)?(?<table>${NAME}(?:\\.${NAME})?)\\s*` +
    `(?:\\((?<columns>[^()]*)\\))?\\s*FORMAT\\s+(?<format>[A-Za-z]+)\\s*;?\\s*$`,
  'is',
);

const unquote = (name: string) => name.trim().replace(/^`(.*)`$/, '$1');

/**
 * Recognises `INSERT INTO t [(cols)] FORMAT <line-delimited format>` (what @clickhouse/client sends), whose body can
 * be streamed into chDB chunk by chunk. Anything else returns undefined and is executed as one buffered statement.
 */
export function parseStreamableInsert(sql: string): StreamableInsert | undefined {
  const match = INSERT_WITH_DATA.exec(sql);
  const groups = match?.groups;
  if (!groups) return undefined;
  const format = STREAMABLE_FORMATS[groups.format!.toLowerCase()];
  if (!format) return undefined;
  const table = groups.table!.split('.').map(unquote).join('.');
  const columns = groups.columns?.split(',').map(unquote);
  if (columns?.some((column) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(column))) return undefined;
  return { table, columns, format };
}
