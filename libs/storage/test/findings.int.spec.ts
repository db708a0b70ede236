import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingColumns, getFinding, listFindings, migrate } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { FINDINGS } from './fixtures/findings';

describe('findings read model - a finding stored and read back is the contract’s finding', () => {
  let ch: TestClickHouse;
  beforeAll(async () => {
    ch = await startTestClickHouse();
    await migrate(ch.client);
    await ch.client.insert({
      table: 'findings',
      values: FINDINGS.map((body, i) => findingColumns(body, 'raised', i + 1)),
      format: 'JSONEachRow',
    });
  });
  afterAll(async () => {
    await ch?.stop();
  });

  it('findings - each analysis type’s finding reads back field for field, with its typed evidence', async () => {
    for (const body of FINDINGS) {
      expect(await getFinding(ch.client, body.findingId)).toEqual({ ...body, status: 'open' });
    }
  });

  it('findings - a resolved finding lists as resolved and no longer as open', async () => {
    const [zombie] = FINDINGS;
    await ch.client.insert({
      table: 'findings',
      values: [findingColumns(zombie!, 'resolved', 10, { at: zombie!.analysedAt + 1, reason: 'no longer idle' })],
      format: 'JSONEachRow',
    });
    const open = await listFindings(ch.client, { status: 'open', limit: 100 });
    const resolved = await listFindings(ch.client, { status: 'resolved', limit: 100 });
    expect(open.map((f) => f.findingId)).not.toContain(zombie!.findingId);
    expect(resolved).toEqual([{ ...zombie, status: 'resolved' }]);
  });

  it('findings - a row stored before the evidence was typed reads back with its evidence kept as recorded', async () => {
    const [, rightsize] = FINDINGS;
    const row = findingColumns({ ...rightsize!, findingId: 'rightsize-c-1-old' }, 'raised', 20);
    const olderEvidence = { currentConfig: { vcpu: 8, mem: 32768 }, recommended: { vcpu: 2, mem: 8192 } };
    await ch.client.insert({
      table: 'findings',
      values: [{ ...row, evidence: JSON.stringify(olderEvidence) }],
      format: 'JSONEachRow',
    });
    expect((await getFinding(ch.client, 'rightsize-c-1-old'))?.evidence).toEqual({ recorded: olderEvidence });
  });
});
