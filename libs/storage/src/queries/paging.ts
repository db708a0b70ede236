export interface PageQuery {
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export const MAX_PAGE_SIZE = 1000;

export function limitAndOffset({ page, pageSize }: PageQuery): { limit: number; offset: number } {
  if (!Number.isInteger(page) || page < 1) throw new RangeError(`page must be an integer >= 1, got ${page}`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer 1-${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  return { limit: pageSize, offset: (page - 1) * pageSize };
}

/** Accumulates WHERE conditions (constant SQL) and their parameter values, so values never enter the SQL text. */
export class Filters {
  private readonly conditions: string[] = [];
  readonly params: Record<string, unknown> = {};

  add(condition: string, params: Record<string, unknown>): this {
    this.conditions.push(condition);
    Object.assign(this.params, params);
    return this;
  }

  /** Adds the condition only when the value is given. */
  optional(condition: string, name: string, value: unknown): this {
    return value === undefined ? this : this.add(condition, { [name]: value });
  }

  where(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.map((c) => `(${c})`).join(' AND ')}`;
  }
}

/** `positionCaseInsensitiveUTF8(col, {search:String}) > 0 OR ...` over code-defined column names. */
export function searchCondition(columns: readonly string[]): string {
  return columns.map((column) => `positionCaseInsensitiveUTF8(${column}, {search:String}) > 0`).join(' OR ');
}
