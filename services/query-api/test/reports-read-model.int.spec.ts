import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventDataOf, type EventName, type JustFitEvent, newEvent } from '@justfit/events';
import { migrate } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { getReport, listReports, reportsProjection } from '../src/read-models/reports';

describe('reports read model', () => {
  let ch: TestClickHouse;
  let seq = 0;
  const project = <N extends EventName>(name: N, reportId: string, data: EventDataOf<N>) =>
    reportsProjection.project(
      newEvent(name, data, { subject: reportId, source: '/test', traceId: 't' }) as JustFitEvent,
      { streamSeq: ++seq, clickhouse: ch.client },
    );
  const request = (reportId: string, over: Partial<EventDataOf<'ReportRequested'>> = {}) =>
    project('ReportRequested', reportId, { reportId, format: 'pdf', title: reportId, connectionId: 'c1', ...over });
  const generate = (reportId: string) =>
    project('ReportGenerated', reportId, {
      reportId,
      format: 'pdf',
      objectName: `${reportId}.pdf`,
      bytes: 10,
      sha256: 'a'.repeat(64),
      generatedAt: Date.now(),
      digest: { findings: 1, savingsAmount: 5, byRisk: { low: 1, medium: 0, high: 0 }, savingsByType: { zombie: 5 } },
    });

  beforeAll(async () => {
    ch = await startTestClickHouse();
    await migrate(ch.client);
    await request('report-a', { reportType: 'zombie' });
    await project('ReportProgressed', 'report-a', { reportId: 'report-a', progress: 60, message: 'printing', at: 1 });
    await generate('report-a');
    // A progress event arriving late never takes a generated report back.
    await project('ReportProgressed', 'report-a', { reportId: 'report-a', progress: 90, message: 'storing', at: 2 });
    await request('report-b', { format: 'json', connectionId: 'c2' });
    await project('ReportFailed', 'report-b', { reportId: 'report-b', code: 1004, message: 'no data', failedAt: 3 });
    await request('report-c');
    await project('ReportProgressed', 'report-c', { reportId: 'report-c', progress: 25, message: 'reading', at: 4 });
  }, 60_000);

  afterAll(async () => {
    await ch?.stop();
  });

  it('reports - a report goes requested, generating with progress, then generated with its object and figures', async () => {
    expect(await getReport(ch.client, 'report-a')).toMatchObject({
      reportType: 'zombie',
      status: 'generated',
      progress: 100,
      objectName: 'report-a.pdf',
      digest: expect.stringContaining('"savingsAmount":5'),
    });
    expect(await getReport(ch.client, 'report-c')).toMatchObject({
      reportType: 'summary',
      status: 'generating',
      progress: 25,
      message: 'reading',
      objectName: null,
    });
    expect(await getReport(ch.client, 'report-b')).toMatchObject({ status: 'failed', errorMessage: 'no data' });
  });

  it('reports - lists filter by type, format, connection and status, and page', async () => {
    const ids = async (filter: Record<string, string>, page = { page: 1, pageSize: 50 }) => {
      const result = await listReports(ch.client, filter, page);
      return { total: result.total, ids: result.items.map((r) => r.id).sort() };
    };
    expect(await ids({})).toEqual({ total: 3, ids: ['report-a', 'report-b', 'report-c'] });
    expect(await ids({ reportType: 'zombie' })).toEqual({ total: 1, ids: ['report-a'] });
    expect(await ids({ format: 'pdf' })).toEqual({ total: 2, ids: ['report-a', 'report-c'] });
    expect(await ids({ connectionId: 'c2' })).toEqual({ total: 1, ids: ['report-b'] });
    expect(await ids({ status: 'generating' })).toEqual({ total: 1, ids: ['report-c'] });
    const first = await listReports(ch.client, {}, { page: 1, pageSize: 2 });
    const second = await listReports(ch.client, {}, { page: 2, pageSize: 2 });
    expect(first.total).toBe(3);
    expect([...first.items, ...second.items].map((r) => r.id).sort()).toEqual(['report-a', 'report-b', 'report-c']);
    expect(second.items).toHaveLength(1);
  });
});
