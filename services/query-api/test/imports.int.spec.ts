import { setTimeout as sleep } from 'node:timers/promises';
import { saveImport } from '@justfit/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLHarness, startGraphQLHarness } from './graphql-harness';

const T0 = Date.UTC(2026, 9, 5);
const STEP = 300_000;
const iso = (ms: number) => new Date(ms).toISOString();

const IMPORT = `mutation($file: File!, $name: String, $format: ImportFormat) {
  importMetrics(file: $file, name: $name, format: $format) { id connectionId format status rowsRead rowsRejected entities }
}`;
const JOB = `query($id: ID!) { importJob(id: $id) {
  status progress samplesPublished eventsPublished eventsLoaded samplesLoaded samplesRejected rowsRejected loadedAt updatedAt } }`;
const REJECTIONS = `query($id: ID!) { importRejections(id: $id, pageSize: 50) { total items { stage code reason line record } } }`;

/** Three VMs, 24 steps of 5 minutes, four metrics; vm-b's memory is given in GB. One unreadable line. */
function wideCsv(): string {
  const lines = ['vm,timestamp,name,cpu_count,memory_mb,cpu.usage_pct,mem.usage_pct,mem.active_mb[GB],net.kbps'];
  for (let s = 0; s < 24; s++) {
    for (const [i, vm] of ['vm-a', 'vm-b', 'vm-c'].entries()) {
      lines.push(
        `${vm},${iso(T0 + s * STEP)},"Web, ${vm}",${2 + i},${4096 * (i + 1)},${10 * (i + 1) + (s % 4)},${20 + s},${0.5 + i},${s === 3 ? '' : 100 * s}`,
      );
    }
  }
  lines.splice(5, 0, 'vm-a,not-a-time,x,2,4096,1,1,1,1');
  return `${lines.join('\r\n')}\r\n`;
}

describe('import - CSV upload over GraphQL multipart, through the ETL', () => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await startGraphQLHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function untilLoaded(id: string) {
    for (let i = 0; i < 200; i++) {
      const { data } = await h.request<{ importJob: Record<string, number | string> }>(JOB, { id });
      if (data?.importJob.status === 'loaded') return data.importJob;
      await sleep(100);
    }
    throw new Error(`import ${id} not loaded`);
  }

  it('import - a wide per-VM file becomes inventory and samples, its progress and its bad line readable back', async () => {
    const uploaded = await h.upload<{ importMetrics: Record<string, string | number> }>(
      IMPORT,
      { name: 'Lab Export' },
      new File([wideCsv()], 'lab.csv'),
    );
    expect(uploaded.errors).toBeUndefined();
    const job = uploaded.data!.importMetrics;
    expect(job).toMatchObject({
      connectionId: 'import-lab-export',
      format: 'wide',
      rowsRead: 73,
      rowsRejected: 1,
      entities: 3,
    });

    const loaded = await untilLoaded(String(job.id));
    expect(loaded).toMatchObject({
      status: 'loaded',
      progress: 100,
      samplesPublished: 72 * 4 - 3,
      samplesLoaded: 72 * 4 - 3,
      samplesRejected: 0,
      eventsLoaded: 2,
    });
    expect(loaded.updatedAt).toBeGreaterThan(Date.now() - 60_000);

    const { data: vms } = await h.request<{ vms: { items: Array<Record<string, unknown>> } }>(
      `{ vms(filter: { connectionId: "import-lab-export" }) { items { id name cpuCount memoryMb powerState } } }`,
    );
    expect(vms!.vms.items).toEqual([
      { id: 'vm-a', name: 'Web, vm-a', cpuCount: 2, memoryMb: 4096, powerState: 'poweredOn' },
      { id: 'vm-b', name: 'Web, vm-b', cpuCount: 3, memoryMb: 8192, powerState: 'poweredOn' },
      { id: 'vm-c', name: 'Web, vm-c', cpuCount: 4, memoryMb: 12288, powerState: 'poweredOn' },
    ]);
    const { data: detail } = await h.request<{
      entityDetail: { metrics: Array<{ name: string; max: number; unit: string }> };
    }>(
      `{ entityDetail(entityType: vm, entityId: "vm-b", connectionId: "import-lab-export") { metrics { name unit max } } }`,
    );
    expect(detail!.entityDetail.metrics).toContainEqual({ name: 'mem.active_mb', unit: 'MB', max: 1536 });

    const { data: rejections } = await h.request<{
      importRejections: { total: number; items: Array<Record<string, unknown>> };
    }>(REJECTIONS, { id: job.id });
    expect(rejections!.importRejections).toEqual({
      total: 1,
      items: [
        {
          stage: 'import',
          code: 'bad_timestamp',
          line: 6,
          reason: expect.stringMatching(/not-a-time/),
          record: 'vm-a,not-a-time,x,2,4096,1,1,1,1',
        },
      ],
    });
  });

  it('import - the long form: what the shared checks refuse is a rejected line with its reason, the rest loads', async () => {
    const csv = [
      'entity,timestamp,metric,value,unit',
      `vm-x,${T0 / 1000},cpu.usage_pct,12.5,`,
      `vm-x,${T0 + STEP},mem.active_mb,2,GB`,
      `vm-x,${iso(T0 + 2 * STEP)},cpu.made_up,1,`,
      `vm-x,${iso(T0 + 3 * STEP)},cpu.usage_pct,-4,`,
    ].join('\n');
    const uploaded = await h.upload<{ importMetrics: Record<string, string> }>(
      IMPORT,
      { name: 'long one' },
      new File([csv], 'long.csv'),
    );
    const loaded = await untilLoaded(uploaded.data!.importMetrics.id!);
    expect(loaded).toMatchObject({ samplesLoaded: 2, samplesRejected: 0, rowsRejected: 2 });
    const { data } = await h.request<{
      importRejections: { items: Array<{ stage: string; code: string; line: number }> };
    }>(REJECTIONS, { id: uploaded.data!.importMetrics.id });
    expect(data!.importRejections.items.map((r) => [r.stage, r.code, r.line])).toEqual([
      ['import', 'unknown_counter', 4],
      ['import', 'negative', 5],
    ]);
    const { data: series } = await h.request<{
      metrics: { metrics: Array<{ name: string; datapoints: Array<{ timestamp: number; value: number }> }> };
    }>(
      `{ metrics(entityType: vm, entityId: "vm-x", startTime: ${T0}, endTime: ${T0 + 3600_000}, interval: 300) { metrics { name datapoints { timestamp value } } } }`,
    );
    expect(series!.metrics.metrics).toEqual([
      { name: 'cpu.usage_pct', datapoints: [{ timestamp: T0, value: 12.5 }] },
      { name: 'mem.active_mb', datapoints: [{ timestamp: T0 + STEP, value: 2048 }] },
    ]);
  });

  it('import - into a connection, samples of entities it does not hold are refused by the ETL, with the reason', async () => {
    const csv = [
      'entity,timestamp,metric,value',
      `vm-a,${T0 + 99 * STEP},cpu.usage_pct,5`,
      `vm-zz,${T0},cpu.usage_pct,5`,
    ];
    const uploaded = await h.upload<{ importMetrics: Record<string, string> }>(
      `mutation($file: File!, $c: ID) { importMetrics(file: $file, connectionId: $c) { id connectionId } }`,
      { c: 'import-lab-export' },
      new File([csv.join('\n')], 'more.csv'),
    );
    expect(uploaded.data!.importMetrics.connectionId).toBe('import-lab-export');
    const loaded = await untilLoaded(uploaded.data!.importMetrics.id!);
    expect(loaded).toMatchObject({ samplesLoaded: 1, samplesRejected: 1, rowsRejected: 0 });
    const { data } = await h.request<{ importRejections: { items: Array<{ stage: string; code: string }> } }>(
      REJECTIONS,
      { id: uploaded.data!.importMetrics.id },
    );
    expect(data!.importRejections.items.map((r) => [r.stage, r.code])).toEqual([['etl', 'unknown_entity']]);
  });

  it('import - the probe: Infinity, a time in 1899 and 10,000 % CPU are rejected lines; every good line loads', async () => {
    const lines = ['vm,timestamp,cpu.usage_pct,mem.usage_pct'];
    for (let s = 0; s < 100; s++) lines.push(`vm-p${s % 4},${iso(T0 + s * STEP)},${s % 10 === 0 ? 104 : 20},40`);
    lines.push(`vm-p0,${iso(T0 + 100 * STEP)},1e309,40`);
    lines.push(`vm-p1,1899-12-31T23:00:00Z,10,40`);
    lines.push(`vm-p2,${iso(T0 + 101 * STEP)},10000,40`);
    lines.push(`vm-p3,${iso(T0 + 102 * STEP)},12,NaN`);
    const uploaded = await h.upload<{ importMetrics: Record<string, string | number> }>(
      IMPORT,
      { name: 'probe' },
      new File([lines.join('\n')], 'probe.csv'),
    );
    expect(uploaded.errors).toBeUndefined();
    expect(uploaded.data!.importMetrics).toMatchObject({ rowsRead: 104, rowsRejected: 4, entities: 4 });
    const loaded = await untilLoaded(String(uploaded.data!.importMetrics.id));
    expect(loaded).toMatchObject({ status: 'loaded', samplesPublished: 200, samplesLoaded: 200, samplesRejected: 0 });
    const { data } = await h.request<{
      importRejections: { items: Array<{ code: string; line: number; reason: string }> };
    }>(REJECTIONS, { id: uploaded.data!.importMetrics.id });
    expect(data!.importRejections.items.map(({ code, line, reason }) => ({ code, line, reason }))).toEqual([
      { code: 'bad_value', line: 102, reason: 'cpu.usage_pct: the value is not a finite number (Infinity)' },
      { code: 'bad_timestamp', line: 103, reason: 'cpu.usage_pct: the time is before 1970' },
      { code: 'above_max', line: 104, reason: 'cpu.usage_pct 10000 percent is above the plausible maximum 300' },
      { code: 'bad_value', line: 105, reason: 'mem.usage_pct: "NaN" is not a number' },
    ]);
    const { data: detail } = await h.request<{ entityDetail: { metrics: Array<{ name: string; max: number }> } }>(
      `{ entityDetail(entityType: vm, entityId: "vm-p0", connectionId: "import-probe") { metrics { name max } } }`,
    );
    expect(detail!.entityDetail.metrics).toContainEqual({ name: 'cpu.usage_pct', max: 104 });
  });

  it('import - a file naming more entities than allowed (100,000 VMs) is refused with 400 and nothing is declared', async () => {
    const lines = ['entity,timestamp,metric,value'];
    for (let i = 0; i < 100_000; i++) lines.push(`vm-${i},${T0},cpu.usage_pct,1`);
    const reply = await h.upload(IMPORT, { name: 'flood' }, new File([lines.join('\n')], 'flood.csv'));
    expect(reply.errors?.[0]).toMatchObject({
      message:
        'the file names more than 10000 entities (line 10002 adds one more): split it, or raise IMPORT_MAX_ENTITIES',
      extensions: { code: 400 },
    });
    const { data } = await h.request<{ vms: { total: number } }>(
      `{ vms(filter: { connectionId: "import-flood" }) { total } }`,
    );
    expect(data!.vms.total).toBe(0);
    const { data: jobs } = await h.request<{ importJobs: Array<{ connectionId: string }> }>(
      `{ importJobs { connectionId } }`,
    );
    expect(jobs!.importJobs.map((j) => j.connectionId)).not.toContain('import-flood');
  });

  it('import - an export from last quarter loads like a fresh one, and into its namespace so does one from 2013', async () => {
    const start = Date.now() - 100 * 86_400_000;
    const lines = ['vm,timestamp,cpu.usage_pct'];
    for (let s = 0; s < 288; s++) lines.push(`vm-old,${iso(start + s * STEP)},${10 + (s % 7)}`);
    // Far beyond the 400 days a collected connection keeps: an import namespace is kept until it is deleted.
    const july2013 = Date.UTC(2013, 6, 1);
    lines.push(`vm-old,${iso(july2013)},10`);
    const uploaded = await h.upload<{ importMetrics: Record<string, string | number> }>(
      IMPORT,
      { name: 'last quarter' },
      new File([lines.join('\n')], 'old.csv'),
    );
    const loaded = await untilLoaded(String(uploaded.data!.importMetrics.id));
    expect(loaded).toMatchObject({ samplesLoaded: 289, rowsRejected: 0, samplesRejected: 0 });
    const datapoints = async (from: number) => {
      const { data } = await h.request<{ metrics: { metrics: Array<{ datapoints: unknown[] }> } }>(
        `{ metrics(entityType: vm, entityId: "vm-old", connectionId: "import-last-quarter", startTime: ${from}, endTime: ${from + 86_400_000}, interval: 300) { metrics { datapoints { timestamp } } } }`,
      );
      return data!.metrics.metrics[0]!.datapoints;
    };
    expect(await datapoints(start)).toHaveLength(288);
    await h.ch.client.command({ query: 'OPTIMIZE TABLE metric_samples FINAL' });
    expect(await datapoints(july2013)).toHaveLength(1);
  });

  it('import namespace - deleting one whose import is still publishing is refused with 409; a non-namespace with 400', async () => {
    await saveImport(
      h.ch.client,
      {
        importId: 'import-busy-1',
        connectionId: 'import-busy',
        fileName: 'busy.csv',
        format: 'wide',
        status: 'publishing',
        rowsRead: 10,
        rowsRejected: 0,
        samplesPublished: 4,
        entities: 1,
        eventsPublished: 1,
        message: '',
        startedAt: Date.now(),
        finishedAt: null,
      },
      1,
    );
    const DELETE = `mutation($c: ID!) { deleteImportNamespace(connectionId: $c) { connectionId } }`;
    expect((await h.request(DELETE, { c: 'import-busy' })).errors?.[0]).toMatchObject({
      message:
        'import import-busy-1 of import-busy is still publishing: delete the namespace once it is loaded (or failed)',
      extensions: { code: 409 },
    });
    for (const c of ['import-never-made', 'conn-1234'])
      expect((await h.request(DELETE, { c })).errors?.[0]).toMatchObject({
        message: `${c} is not an import namespace (an import-… connection made by importMetrics without connectionId)`,
        extensions: { code: 400 },
      });
  });

  it('import - a file whose header fits neither form is refused with 400 and the trace id', async () => {
    const reply = await h.upload(IMPORT, {}, new File(['host,when\nh1,2026-01-01\n'], 'bad.csv'));
    expect(reply.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/entity \(or vm\) column and a timestamp column/),
      extensions: { code: 400, traceId: 'trace-test' },
    });
  });
});
