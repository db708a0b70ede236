/** `no_stream`: the aggregate must not exist yet. `any`: no check. A number: the revision last read. */
export type ExpectedRevision = 'no_stream' | 'any' | bigint | number;

/** An append found the aggregate past the revision its writer decided on. */
export class ConcurrencyError extends Error {
  constructor(
    readonly aggregateId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`aggregate ${aggregateId} is at revision ${actual}, expected ${String(expected)}`);
    this.name = 'ConcurrencyError';
  }
}
