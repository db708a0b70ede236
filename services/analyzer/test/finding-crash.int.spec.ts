import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { EventBus, type FindingBody, JetStreamEventStore } from '@justfit/events';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const writer = fileURLToPath(new URL('./fixtures/finding-writer.ts', import.meta.url));

function finding(): FindingBody {
  const entityId = `vm-${randomUUID().slice(0, 8)}`;
  return {
    findingId: `zombie-crash-${entityId}`,
    analysisType: 'zombie',
    connectionId: 'crash',
    entityType: 'vm',
    entityId,
    entityName: entityId,
    conclusion: 'Idle for 14 days.',
    confidence: 0.9,
    recommendation: 'Power it off.',
    riskLevel: 'low',
    savings: { cpuCores: 2, memoryMb: 4096, diskGb: 0, amount: 10 },
    evidence: { recorded: { idleShare: 1 } },
    policy: { name: 'zombie-default', version: 1 },
    runId: `run-${randomUUID()}`,
    analysedAt: Date.now(),
  };
}

/** Runs the writer; resolves with its stdout once it prints `until` (or exits). */
function startWriter(nats: NatsServerHandle, body: FindingBody, halt: boolean, until: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', writer], {
    env: {
      ...process.env,
      NATS_URL: nats.url,
      NATS_AUTH: nats.admin ? JSON.stringify(nats.admin) : '',
      FINDING_BODY: JSON.stringify(body),
      HALT_BETWEEN_EVENTS: halt ? '1' : '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const output = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(until)) resolve(out);
    });
    child.once('exit', (code) => (out.includes(until) ? resolve(out) : reject(new Error(`writer exited ${code}`))));
  });
  return { child, output };
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('finding - crash between a finding and its alert', () => {
  let nats: NatsServerHandle;
  let bus: EventBus;
  let store: JetStreamEventStore;
  const storedTypes = async (findingId: string) =>
    (await store.read(findingId, 'FINDINGS')).events.map((e) => e.event.type.split('.')[2]);

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await EventBus.connect({ servers: nats.url, name: 'crash-test', auth: nats.admin });
    store = new JetStreamEventStore(bus);
  });
  afterAll(async () => {
    await bus?.close();
    await nats?.stop();
  });

  it('finding - a writer killed (kill -9) after the finding left stores neither the finding nor its alert', async () => {
    const body = finding();
    const { child, output } = startWriter(nats, body, true, 'between-events');
    await output;
    await killed(child);
    expect(await storedTypes(body.findingId)).toEqual([]);

    // The next run raises it whole.
    await startWriter(nats, body, false, 'raise').output;
    expect(await storedTypes(body.findingId)).toEqual(['FindingRaised', 'AlertRaised']);
  }, 60_000);

  it('finding - a writer that runs to the end stores the finding and its alert together', async () => {
    const body = finding();
    await startWriter(nats, body, false, 'raise').output;
    const { events } = await store.read(body.findingId, 'FINDINGS');
    expect(events.map((e) => e.event.type.split('.')[2])).toEqual(['FindingRaised', 'AlertRaised']);
    expect(events.map((e) => e.subject)).toEqual([
      `justfit.findings.FindingRaised.${body.findingId}`,
      `justfit.findings.AlertRaised.${body.findingId}`,
    ]);
  }, 60_000);
});
