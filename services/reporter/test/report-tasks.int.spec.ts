import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventBus,
  isEvent,
  JetStreamEventStore,
  type JustFitEvent,
  newEvent,
  REPORTS_BUCKET,
  reportScopeKey,
  REPORTER_EVENTS,
  runConsumer,
  type RunningConsumer,
  SETTINGS_AGGREGATE_ID,
  SettingsView,
  declaredConsumer,
} from '@justfit/events';
import { type ClickHouseClient, insertInventory, insertSamples, type MetricSample, migrate } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { eventually } from '@justfit/testing/eventually';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { Objm } from '@nats-io/obj';
import { pino } from 'pino';
import type { ReportModel } from '../src/model/report-model';
import { findChromium } from '../src/render/pdf-printer';
import { ReportGenerator, reportDefaultsFrom } from '../src/reports/report-generator';
import { ReportObjects } from '../src/reports/report-objects';
import { ReportsController } from '../src/reports/reports.controller';

const CONN = 'conn-reports';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const END = Math.floor(Date.now() / DAY) * DAY;
const START = END - 14 * DAY;

function hourlySamples(entityId: string, value: (ts: number) => Record<string, number>): MetricSample[] {
  const out: MetricSample[] = [];
  for (let ts = START; ts < END; ts += HOUR / 4) {
    for (const [metric, v] of Object.entries(value(ts)))
      out.push({ connectionId: CONN, entityType: 'vm', entityId, metric, ts, value: v });
  }
  return out;
}

const vm = (id: string, name: string) => ({
  connectionId: CONN,
  taskId: 't1',
  observedAt: END - DAY,
  id,
  name,
  datacenter: 'dc',
  clusterId: 'cl-1',
  hostId: 'h1',
  uuid: id,
  cpuCount: 8,
  memoryMb: 16_384,
  diskGb: 100,
  powerState: 'poweredOn',
  guestOs: 'ubuntu64Guest',
  ipAddress: '',
  isTemplate: false,
  overallStatus: 'green',
  toolsStatus: 'toolsOk',
  createdAt: END - 60 * DAY,
  powerStateChangedAt: null,
});

function findingRow(type: string, entityId: string, name: string, runId: string, amount: number, evidence: object) {
  return {
    finding_id: `${type}-${CONN}-${entityId}`,
    analysis_type: type,
    connection_id: CONN,
    entity_type: 'vm',
    entity_id: entityId,
    entity_name: name,
    conclusion: `${type} conclusion`,
    confidence: 0.9,
    recommendation: `${type} recommendation`,
    risk_level: 'low',
    savings_cpu_cores: 2,
    savings_memory_mb: 4096,
    savings_disk_gb: 0,
    savings_amount: amount,
    evidence: JSON.stringify(evidence),
    policy_name: `${type}-default`,
    policy_version: 1,
    status: 'raised',
    run_id: runId,
    analysed_at: END,
    version: 1,
  };
}

async function seed(client: ClickHouseClient) {
  await insertInventory(client, 'cluster', [
    {
      connectionId: CONN,
      taskId: 't1',
      observedAt: END - DAY,
      id: 'cl-1',
      name: 'Prod <west>',
      datacenter: 'dc',
      totalCpuMhz: 100_000,
      totalMemoryMb: 512_000,
      numHosts: 1,
      numVms: 3,
      haEnabled: true,
      drsEnabled: true,
    },
  ]);
  await insertInventory(client, 'vm', [vm('vm-idle', 'idle-01'), vm('vm-big', 'big-01'), vm('vm-tide', 'tide-01')]);
  await insertSamples(client, [
    ...hourlySamples('vm-big', () => ({ 'cpu.usage_pct': 10, 'mem.active_mb': 3072 })),
    // Busy from 9 to 17 UTC.
    ...hourlySamples('vm-tide', (ts) => ({
      'cpu.usage_pct': new Date(ts).getUTCHours() >= 9 && new Date(ts).getUTCHours() < 17 ? 70 : 8,
    })),
  ]);
  await client.insert({
    table: 'findings',
    format: 'JSONEachRow',
    values: [
      findingRow('zombie', 'vm-idle', 'idle-01', 'run-a', 300, { cpuUsageAvg: 0.4, idleDays: 14, historyDays: 14 }),
      findingRow('rightsize', 'vm-big', 'big-01', 'run-a', 120, {
        currentConfig: { vcpu: 8, mem: 16_384 },
        recommended: { vcpu: 2, mem: 8192 },
        basis: { metric: 'cpu.usage_pct', percentile: 95, samples: 1344, from: START, to: END },
      }),
      findingRow('tidal', 'vm-tide', 'tide-01', 'run-b', 40, {
        cycleType: 'daily',
        peakHours: [10, 11, 12, 13, 14, 15, 16, 17],
        metric: 'cpu.usage_pct',
        utcOffsetHours: 1,
        windowStart: START,
        windowEnd: END,
      }),
    ],
  });
}

const NO_CHROMIUM = 'report-no-chromium';

describe('report tasks', () => {
  let nats: NatsServerHandle;
  let admin: EventBus;
  let reporterBus: EventBus;
  let apiBus: EventBus;
  let ch: TestClickHouse;
  let controller: ReportsController;
  let consumer: RunningConsumer;
  let store: JetStreamEventStore;
  let settings: SettingsView;

  /** Requests a report as query-api does, and waits for its end. */
  async function generate(input: Record<string, unknown>) {
    const { reportId } = await controller.request(input);
    const events = await eventually(
      async () => {
        const stored = (await store.read(reportId, 'REPORTS')).events.map((e) => e.event);
        if (!stored.some((e) => isEvent(e, 'ReportGenerated') || isEvent(e, 'ReportFailed')))
          throw new Error('not yet');
        return stored;
      },
      120_000,
      200,
    );
    return { reportId, events };
  }

  /** A report file as query-api reads it: with its own NATS user, from the object store. */
  async function download(name: string): Promise<Uint8Array> {
    const bucket = await new Objm(apiBus.js).open(REPORTS_BUCKET);
    const body = await bucket.getBlob(name);
    if (!body) throw new Error(`no object ${name}`);
    return body;
  }

  const objectOf = (events: JustFitEvent[]) => {
    const generated = events.find((e) => isEvent(e, 'ReportGenerated'));
    if (!generated || !isEvent(generated, 'ReportGenerated')) throw new Error('not generated');
    return generated.data;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    admin = await EventBus.connect({
      servers: nats.url,
      name: 'test-admin',
      auth: nats.admin,
      logError: () => undefined,
    });
    const connect = (service: 'reporter' | 'query-api') =>
      EventBus.connect({
        servers: nats.url,
        name: service,
        auth: nats.credentials(service),
        manageStreams: false,
        logError: () => undefined,
      });
    [reporterBus, apiBus] = await Promise.all([connect('reporter'), connect('query-api')]);
    ch = await startTestClickHouse();
    await migrate(ch.client);
    await seed(ch.client);
    store = new JetStreamEventStore(reporterBus);
    settings = new SettingsView(reporterBus, declaredConsumer(REPORTER_EVENTS, 'settings'));
    await settings.start();
    controller = new ReportsController(
      store,
      new ReportGenerator(ch.client, new ReportObjects(reporterBus, 1), { path: findChromium() }, () =>
        reportDefaultsFrom(settings),
      ),
      pino({ enabled: false }),
    );
    consumer = await runConsumer(
      reporterBus,
      { stream: 'REPORTS', durable: 'reporter-requests', filterSubjects: ['justfit.reports.>'], ackWaitMs: 120_000 },
      async (event, ctx) => {
        // The request without Chromium is for the broken replica of its own test alone.
        if (isEvent(event, 'ReportRequested') && event.data.reportId !== NO_CHROMIUM)
          await controller.generate(event, { working: () => ctx.msg.working() });
      },
    );
  }, 120_000);

  afterAll(async () => {
    await consumer?.stop();
    await settings?.stop();
    await Promise.all([reporterBus?.close(), apiBus?.close(), admin?.close()]);
    await ch?.stop();
    await nats?.stop();
  });

  it('report tasks - a requested report says how far it is, ends generated, and any API replica can read its file', async () => {
    const { reportId, events } = await generate({ format: 'json', connectionId: CONN, currency: 'EUR' });
    expect(events.map((e) => e.type.replace(/^io\.justfit\.|\.v\d+$/g, ''))).toEqual([
      'ReportRequested',
      'ReportProgressed',
      'ReportProgressed',
      'ReportProgressed',
      'ReportGenerated',
    ]);
    const generated = objectOf(events);
    expect(generated).toMatchObject({ objectName: `${reportId}.json`, digest: { findings: 3, savingsAmount: 460 } });
    const model = JSON.parse(Buffer.from(await download(`${reportId}.json`)).toString('utf8')) as ReportModel;
    expect(model.summary).toMatchObject({
      findings: 3,
      savingsByType: { zombie: 300, rightsize: 120, tidal: 40 },
      savingsByCluster: [{ clusterId: 'cl-1', clusterName: 'Prod <west>', amount: 460 }],
    });
    expect(model.currency).toBe('EUR');
  });

  it('report tasks - charts read the usage behind the findings: a tide per hour of the day, daily use against the size', async () => {
    const { reportId } = await generate({ format: 'json', connectionId: CONN });
    const model = JSON.parse(Buffer.from(await download(`${reportId}.json`)).toString('utf8')) as ReportModel;
    const [tide] = model.tidalProfiles;
    // Busy 9-17 UTC, shown in the tide's UTC+1.
    expect(tide?.hourly.slice(10, 18)).toEqual(Array(8).fill(70));
    expect(tide?.hourly[9]).toBe(8);
    expect(tide?.hourly[18]).toBe(8);
    const [usage] = model.rightsizeUsage;
    expect(usage?.days.length).toBe(14);
    expect(usage?.cpuP95Cores.every((v) => v !== null && Math.abs(v - 0.8) < 0.01)).toBe(true);
    expect(usage?.memActivePeakGb.every((v) => v === 3)).toBe(true);
    expect(usage).toMatchObject({ vcpu: { current: 8, recommended: 2 }, memoryGb: { current: 16, recommended: 8 } });
  });

  it('report scope - a type, an analysis run and entities narrow what a report covers', async () => {
    const read = async (input: Record<string, unknown>) => {
      const { reportId } = await generate({ format: 'json', connectionId: CONN, ...input });
      const model = JSON.parse(Buffer.from(await download(`${reportId}.json`)).toString('utf8')) as ReportModel;
      return model.findings.map((f) => f.entityName).sort();
    };
    expect(await read({ reportType: 'zombie' })).toEqual(['idle-01']);
    expect(await read({ runId: 'run-a' })).toEqual(['big-01', 'idle-01']);
    expect(await read({ entityIds: ['vm-tide', 'vm-big'] })).toEqual(['big-01', 'tide-01']);
  });

  it('report trend - a report compares itself with the previous report of the same scope', async () => {
    const scope = { reportType: 'tidal' as const, connectionId: CONN };
    await ch.client.insert({
      table: 'reports',
      format: 'JSONEachRow',
      values: [
        {
          report_id: 'report-earlier',
          report_type: 'tidal',
          connection_id: CONN,
          format: 'json',
          title: 'earlier',
          path: '',
          bytes: 1,
          sha256: '',
          status: 'generated',
          generated_at: END - 7 * DAY,
          scope_key: reportScopeKey(scope),
          digest: JSON.stringify({
            findings: 3,
            savingsAmount: 100,
            byRisk: { low: 3, medium: 0, high: 0 },
            savingsByType: {},
          }),
          version: 1,
        },
      ],
    });
    const { reportId } = await generate({ format: 'json', ...scope });
    const model = JSON.parse(Buffer.from(await download(`${reportId}.json`)).toString('utf8')) as ReportModel;
    expect(model.trend).toMatchObject({ previousReportId: 'report-earlier', findingsChange: -2, savingsChange: -60 });
  });

  it('report formats - HTML, PDF and XLSX files are whole and of their kind', async () => {
    const html = await generate({ format: 'html', connectionId: CONN, branding: { organisation: 'Acme <Ops>' } });
    const page = Buffer.from(await download(`${html.reportId}.html`)).toString('utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('Acme &lt;Ops&gt;');
    expect(page).toContain('Prod &lt;west&gt;');

    const pdf = await generate({ format: 'pdf', connectionId: CONN });
    const pdfBytes = Buffer.from(await download(`${pdf.reportId}.pdf`));
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(objectOf(pdf.events).bytes).toBe(pdfBytes.length);

    const xlsx = await generate({ format: 'xlsx', connectionId: CONN });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await download(`${xlsx.reportId}.xlsx`)) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'Zombie VMs', 'Right-sizing', 'Tidal load']);
    expect(book.getWorksheet('Right-sizing')?.getRow(2).getCell(1).value).toBe('big-01');
  }, 180_000);

  it('report failures - a PDF without Chromium ends failed, saying what to install', async () => {
    const broken = new ReportsController(
      store,
      new ReportGenerator(ch.client, new ReportObjects(reporterBus, 1), { path: undefined }, () =>
        reportDefaultsFrom(settings),
      ),
      pino({ enabled: false }),
    );
    const event = newEvent(
      'ReportRequested',
      { reportId: NO_CHROMIUM, format: 'pdf', title: 'x', connectionId: CONN },
      { subject: NO_CHROMIUM, source: '/test', traceId: 'trace-1' },
    ) as JustFitEvent<'ReportRequested'>;
    await store.append(NO_CHROMIUM, [event], { expectedRevision: 'no_stream' });
    await broken.generate(event, { working: () => undefined });
    const events = (await store.read('report-no-chromium', 'REPORTS')).events.map((e) => e.event);
    const failed = events.find((e) => isEvent(e, 'ReportFailed'));
    expect(failed && isEvent(failed, 'ReportFailed') && failed.data.message).toMatch(/install the chromium package/);
  });

  // Last: it changes the settings every report after it would read.
  it('report settings - a report that names no currency or branding takes the settings: currency, time zone, organisation, logo, footer', async () => {
    const change = { changedBy: 'admin@example.test', changedAt: Date.now() };
    const logo = `data:image/png;base64,${Buffer.from('not really a png').toString('base64')}`;
    const settingsEvents = [
      newEvent(
        'CurrencyAndPricesChanged',
        {
          ...change,
          currencyAndPrices: { currency: 'GBP', cpuCoreMonthly: 15, memoryGbMonthly: 4, diskGbMonthly: 0.05 },
        },
        { subject: SETTINGS_AGGREGATE_ID, source: '/test', traceId: 'trace-settings' },
      ),
      newEvent(
        'DefaultTimeZoneChanged',
        { ...change, timeZone: 'Asia/Kolkata' },
        { subject: SETTINGS_AGGREGATE_ID, source: '/test', traceId: 'trace-settings' },
      ),
      newEvent(
        'ReportBrandingChanged',
        {
          ...change,
          reportBranding: { organisation: 'Initech IT', accentColour: '#aa3300', footer: 'Internal use only', logo },
        },
        { subject: SETTINGS_AGGREGATE_ID, source: '/test', traceId: 'trace-settings' },
      ),
    ];
    await new JetStreamEventStore(admin).append(SETTINGS_AGGREGATE_ID, settingsEvents, { expectedRevision: 'any' });
    await eventually(async () => expect(settings.current().timeZone).toBe('Asia/Kolkata'), 10_000);

    const json = await generate({ format: 'json', connectionId: CONN });
    const model = JSON.parse(Buffer.from(await download(`${json.reportId}.json`)).toString('utf8')) as ReportModel;
    expect(model).toMatchObject({
      currency: 'GBP',
      timeZone: 'Asia/Kolkata',
      branding: { organisation: 'Initech IT', accentColor: '#aa3300', footer: 'Internal use only', logo },
    });
    const html = await generate({ format: 'html', connectionId: CONN });
    const page = Buffer.from(await download(`${html.reportId}.html`)).toString('utf8');
    // India is UTC+5:30 all year: the minute shown is the generation time's there.
    const shown = new Date(Date.parse(model.generatedAt) + 5.5 * 3_600_000)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    expect(page).toContain(`${shown} Asia/Kolkata`);
    expect(page).toContain('Initech IT');
    expect(page).toContain('<footer class="branding">Internal use only</footer>');
    expect(page).toContain(`<img class="logo" src="${logo}"`);
    expect(page).toContain('£');
    // The request's own choice still comes first.
    const own = await generate({
      format: 'json',
      connectionId: CONN,
      currency: 'EUR',
      branding: { organisation: 'Ops' },
    });
    const ownModel = JSON.parse(Buffer.from(await download(`${own.reportId}.json`)).toString('utf8')) as ReportModel;
    expect(ownModel).toMatchObject({ currency: 'EUR', branding: { organisation: 'Ops', footer: 'Internal use only' } });
  });
});
