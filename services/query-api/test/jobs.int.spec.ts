import { join } from 'node:path';
import { freePort, httpOk, type ManagedProcess, repoRoot, startProcess, waitFor } from '@justfit/launcher';
import { eventually } from '@justfit/testing/eventually';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogProjection } from '../src/auth/audit-log';
import { ProjectionRunner } from '../src/projections/projection-runner';
import { type GraphQLHarness, startGraphQLHarness } from './graphql-harness';

const JOB_FIELDS = `id namespace name enabled missedRuns createdBy schedule { cron timeZone }
  action { kind connectionId analysisType format title windowHours }`;

/** The API in this process and the scheduler as its own process, on one nats-server. */
describe('scheduled jobs over GraphQL', () => {
  let h: GraphQLHarness;
  let scheduler: ManagedProcess;
  let projections: ProjectionRunner;

  beforeAll(async () => {
    h = await startGraphQLHarness();
    const port = await freePort();
    scheduler = startProcess({
      name: 'scheduler',
      command: process.execPath,
      args: ['--import', 'tsx', 'src/main.ts'],
      cwd: join(repoRoot, 'services/scheduler'),
      env: {
        NATS_URL: h.nats.url,
        ...h.nats.serviceEnv('scheduler'),
        PORT: String(port),
        METRICS_PORT: String(await freePort()),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json'),
        JUSTFIT_DATA_DIR: h.ch.dataDir,
      },
      logFile: join(h.ch.dataDir, 'logs', 'scheduler.log'),
    });
    await waitFor('scheduler readiness', () => httpOk(`http://127.0.0.1:${port}/readyz`), {
      timeoutMs: 60_000,
      process: scheduler,
    });
    projections = new ProjectionRunner(h.bus, h.ch.client, [auditLogProjection]);
    await projections.start();
  }, 120_000);
  afterAll(async () => {
    await projections?.stop();
    await scheduler?.stop();
    await h?.stop();
  });

  it('jobs - an operator creates, previews, changes, disables and deletes a job; each change is audited', async () => {
    const created = await h.request<{ createJob: Record<string, unknown> & { id: string } }>(
      `mutation($i: CreateJobInput!) { createJob(input: $i) { ${JOB_FIELDS} } }`,
      {
        i: {
          namespace: 'ops',
          name: 'weekly zombie hunt',
          schedule: { cron: '0 6 * * 1', timeZone: 'Europe/Berlin' },
          action: { kind: 'analyze', analysisType: 'zombie' },
          missedRuns: 'runOnce',
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const job = created.data!.createJob;
    expect(job).toMatchObject({
      namespace: 'ops',
      enabled: true,
      missedRuns: 'runOnce',
      createdBy: expect.stringMatching(/^token:/),
      action: { kind: 'analyze', analysisType: 'zombie', connectionId: null, format: null },
    });

    const read = await eventually(async () => {
      const { data } = await h.request<{ jobs: Array<{ id: string }>; job: { nextRuns: number[]; lastRuns: [] } }>(
        `query($id: ID!) { jobs(namespace: "ops") { id } job(id: $id) { nextRuns(count: 2) lastRuns { dueAt } } }`,
        { id: job.id },
      );
      expect(data!.jobs.map((j) => j.id)).toEqual([job.id]);
      return data!.job;
    });
    // Mondays 06:00 in Berlin: 05:00 UTC in winter, 04:00 UTC in summer.
    expect(read.nextRuns).toHaveLength(2);
    for (const t of read.nextRuns) {
      const d = new Date(t);
      expect(d.getUTCDay()).toBe(1);
      expect([4, 5]).toContain(d.getUTCHours());
    }
    expect(read.nextRuns[1]! - read.nextRuns[0]!).toBeGreaterThanOrEqual(7 * 24 * 3600_000 - 3600_000);
    expect(read.lastRuns).toEqual([]);

    const updated = await h.request(`mutation($i: UpdateJobInput!) { updateJob(input: $i) { ${JOB_FIELDS} } }`, {
      i: { id: job.id, action: { kind: 'report', title: 'weekly' } },
    });
    expect(updated.data!.updateJob).toMatchObject({
      name: 'weekly zombie hunt',
      action: { kind: 'report', format: 'json', title: 'weekly' },
    });
    const disabled = await h.request(`mutation($id: ID!) { setJobEnabled(id: $id, enabled: false) { enabled } }`, {
      id: job.id,
    });
    expect(disabled.data!.setJobEnabled).toEqual({ enabled: false });
    expect((await h.request(`mutation($id: ID!) { deleteJob(id: $id) }`, { id: job.id })).data).toEqual({
      deleteJob: job.id,
    });
    expect((await h.request(`query($id: ID!) { job(id: $id) { id } }`, { id: job.id })).data).toEqual({ job: null });

    const audited = await eventually(async () => {
      const { data } = await h.request<{ auditLog: { items: Array<{ operation: string; outcome: string }> } }>(
        '{ auditLog(pageSize: 100) { items { operation outcome } } }',
      );
      const operations = data!.auditLog.items.map((e) => e.operation);
      for (const op of ['createJob', 'updateJob', 'setJobEnabled', 'deleteJob']) expect(operations).toContain(op);
      return data!.auditLog.items;
    });
    expect(audited.filter((e) => e.operation.endsWith('Job')).every((e) => e.outcome === 'ok')).toBe(true);
  });

  it('jobs - a bad cron, a missing field of the kind and an unknown connection are refused with their codes', async () => {
    const create = (i: Record<string, unknown>) =>
      h.request(`mutation($i: CreateJobInput!) { createJob(input: $i) { id } }`, {
        i: { name: 'bad', schedule: { cron: '0 2 * * *', timeZone: 'UTC' }, ...i },
      });
    const codes = await Promise.all([
      create({ schedule: { cron: '0 2 * *', timeZone: 'UTC' }, action: { kind: 'report' } }),
      create({ schedule: { cron: '0 2 * * *', timeZone: 'Moon/Base' }, action: { kind: 'report' } }),
      create({ action: { kind: 'analyze' } }),
      create({ action: { kind: 'report', analysisType: 'zombie' } }),
      create({ action: { kind: 'collect', connectionId: 'conn-nowhere' } }),
    ]);
    expect(codes.map((r) => r.errors?.[0]?.extensions.code)).toEqual([400, 400, 400, 400, 404]);
    expect(codes[1]!.errors![0]!.message).toMatch(/Moon\/Base/);
  });

  it('jobs - a viewer reads jobs but cannot create one', async () => {
    const { data } = await h.request<{ createApiToken: { secret: string } }>(
      'mutation { createApiToken(input: { name: "reader", roles: [viewer], expiresInDays: 1 }) { secret } }',
    );
    const viewer = data!.createApiToken.secret;
    expect((await h.requestAs(viewer, '{ jobs { id } }')).errors).toBeUndefined();
    const refused = await h.requestAs(
      viewer,
      'mutation { createJob(input: { name: "x", schedule: { cron: "0 2 * * *", timeZone: "UTC" }, action: { kind: report } }) { id } }',
    );
    expect(refused.errors?.[0]?.extensions.code).toBe(403);
  });
});
