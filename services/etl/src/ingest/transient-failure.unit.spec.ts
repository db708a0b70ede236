import { ClickHouseError } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { isTransientFailure } from './transient-failure';

const withCode = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:8123`), { code });

describe('etl - transient failures', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['a client timeout', new Error('Timeout error.')],
    [
      'a server shutting down',
      new ClickHouseError({ message: 'Server is shutting down', code: '210', type: 'NETWORK_ERROR' }),
    ],
    ['too many parts', new ClickHouseError({ message: 'Too many parts', code: '252', type: 'TOO_MANY_PARTS' })],
    [
      'a replica away in cluster mode (insert quorum not met)',
      new ClickHouseError({
        message: 'Number of alive replicas (1) is less than requested quorum (2/2)',
        code: '285',
        type: 'TOO_FEW_LIVE_REPLICAS',
      }),
    ],
    ['a NATS timeout', Object.assign(new Error('timeout'), { name: 'TimeoutError' })],
    ['a wrapped cause', new Error('insert failed', { cause: withCode('EPIPE') })],
  ])('etl - %s is transient: the batch is held and retried', (_, error) => {
    expect(isTransientFailure(error)).toBe(true);
  });

  it.each([
    [
      'a type mismatch',
      new ClickHouseError({ message: 'Cannot parse input', code: '27', type: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED' }),
    ],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'boom'],
  ])('etl - %s is not transient: the events are retried alone and dead-lettered', (_, error) => {
    expect(isTransientFailure(error)).toBe(false);
  });
});
