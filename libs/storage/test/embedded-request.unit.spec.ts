import { describe, expect, it } from 'vitest';
import { parseStreamableInsert } from '../src/embedded/insert-statement';
import { readRequestedQuery } from '../src/embedded/request-url';

describe('embedded server request parsing', () => {
  it('insert statement - recognises what @clickhouse/client sends', () => {
    expect(parseStreamableInsert('INSERT INTO metric_samples FORMAT JSONEachRow')).toEqual({
      table: 'metric_samples',
      columns: undefined,
      format: 'JSONEachRow',
    });
    expect(parseStreamableInsert('insert into `db`.`t` (`a`, b) format tsv')).toEqual({
      table: 'db.t',
      columns: ['a', 'b'],
      format: 'TSV',
    });
  });

  it('insert statement - leaves everything else to the buffered path', () => {
    expect(parseStreamableInsert('INSERT INTO t FORMAT CSV')).toBeUndefined();
    expect(parseStreamableInsert('INSERT INTO t (* EXCEPT (a)) FORMAT JSONEachRow')).toBeUndefined();
    expect(parseStreamableInsert('INSERT INTO t SELECT 1')).toBeUndefined();
    expect(parseStreamableInsert('INSERT INTO t FORMAT JSONEachRow {"a":1}')).toBeUndefined();
  });

  it('request url - separates params, settings and request keys', () => {
    const url = new URL(
      'http://127.0.0.1/?query_id=q1&database=justfit&default_format=JSONEachRow&param_id=a%5Cb&max_threads=2' +
        '&wait_end_of_query=1&enable_http_compression=1&http_headers_progress_interval_ms=10&query=SELECT%201',
    );
    expect(readRequestedQuery(url)).toEqual({
      urlQuery: 'SELECT 1',
      database: 'justfit',
      format: 'JSONEachRow',
      queryId: 'q1',
      settings: { max_threads: '2' },
      params: { id: 'a\\b' },
      compressResponse: true,
    });
    expect(readRequestedQuery(new URL('http://127.0.0.1/'))).toMatchObject({
      database: 'default',
      format: 'TabSeparated',
    });
  });
});
