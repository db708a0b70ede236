import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessDocument, CLICKHOUSE_ACCESS, CLICKHOUSE_SERVICES, clickhouseUser, grantQueries } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';

describe('ClickHouse access - one user per service, DDL only for the migrating one', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('access - every grant is a statement ClickHouse parses, privileges it knows', async () => {
    for (const service of CLICKHOUSE_SERVICES) {
      for (const grant of grantQueries(service)) {
        const sql = `${grant} TO ${clickhouseUser(service)}`;
        const result = await ch.client.query({
          query: 'SELECT formatQuery({q:String}) AS q',
          query_params: { q: sql },
          format: 'JSONEachRow',
        });
        expect((await result.json<{ q: string }>())[0]!.q, sql).toMatch(/^GRANT /);
      }
    }
  });

  it('access - only etl may change the schema; analyzer and reporter only read', () => {
    // ALTER DELETE deletes rows (a mutation), it changes no schema.
    const ddl = /^(CREATE|ALTER (?!DELETE)|ALTER$|DROP|TRUNCATE)/;
    expect(CLICKHOUSE_SERVICES.filter((s) => CLICKHOUSE_ACCESS[s].privileges.some((p) => ddl.test(p)))).toEqual([
      'etl',
    ]);
    expect(CLICKHOUSE_SERVICES.filter((s) => CLICKHOUSE_ACCESS[s].readonly)).toEqual(['analyzer', 'reporter']);
    for (const s of ['analyzer', 'reporter'] as const) expect(CLICKHOUSE_ACCESS[s].privileges).toEqual(['SELECT']);
  });

  it('access - the chart’s users file is what the code defines (npm run generate:chart-files)', () => {
    const chartFile = new URL('../../../helm/justfit/files/clickhouse-access.json', import.meta.url);
    expect(JSON.parse(readFileSync(chartFile, 'utf8'))).toEqual(accessDocument());
  });
});
