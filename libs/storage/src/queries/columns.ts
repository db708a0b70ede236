/**
 * How a TypeScript field is stored: `time` is epoch ms <-> DateTime64(3, 'UTC'); `optionalId` is null <-> '' (ids
 * stay plain String columns, which keeps them usable in ORDER BY and filters); `bool` reads back UInt8 or Bool.
 */
export type ColumnCodec = 'text' | 'number' | 'bool' | 'time' | 'optionalTime' | 'optionalId';

/** Field -> [column, codec] for every field of T, so a new field cannot be forgotten. */
export type ColumnMap<T> = { readonly [K in keyof T]-?: readonly [column: string, codec: ColumnCodec] };

export type DbRow = Record<string, unknown>;

export function toDbRow<T extends object>(map: ColumnMap<T>, value: T): DbRow {
  const row: DbRow = {};
  for (const [field, [column, codec]] of Object.entries(map) as Array<
    [keyof T & string, readonly [string, ColumnCodec]]
  >) {
    const fieldValue = value[field] as unknown;
    row[column] =
      codec === 'optionalId' ? (fieldValue ?? '') : codec === 'optionalTime' ? (fieldValue ?? null) : fieldValue;
  }
  return row;
}

/** SELECT list that returns each column under its own name, with times as epoch ms. Built from code, never input. */
export function selectList<T>(map: ColumnMap<T>): string {
  return Object.values<readonly [string, ColumnCodec]>(map)
    .map(([column, codec]) =>
      codec === 'time' || codec === 'optionalTime' ? `toUnixTimestamp64Milli(${column}) AS ${column}` : column,
    )
    .join(', ');
}

export function fromDbRow<T>(map: ColumnMap<T>, row: DbRow): T {
  const value: Record<string, unknown> = {};
  for (const [field, [column, codec]] of Object.entries<readonly [string, ColumnCodec]>(map)) {
    value[field] = decode(codec, row[column]);
  }
  return value as T;
}

/** A column's value as read back (JSONEachRow) -> the TypeScript field's value. */
export function decode(codec: ColumnCodec, raw: unknown): string | number | boolean | null {
  switch (codec) {
    case 'text':
      return String(raw ?? '');
    case 'number':
    case 'time':
      return Number(raw);
    case 'optionalTime':
      return raw === null || raw === undefined ? null : Number(raw);
    case 'optionalId':
      return raw === '' || raw === null || raw === undefined ? null : String(raw);
    case 'bool':
      return raw === true || raw === 1 || raw === '1' || raw === 'true';
  }
}
