import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandInput, type CommandName, type CommandReply, EventBus } from '@justfit/events';
import { freePort, httpOk, type ManagedProcess, repoRoot, startProcess, waitFor } from '@justfit/launcher';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';

/**
 * A real nats-server (production permissions), the collector as its own process, and scheduler replicas as their own
 * processes, each of which a test may kill (-9) and start again.
 */
export interface SchedulerHarness {
  bus: EventBus;
  dataDir: string;
  schedulers: Map<string, ManagedProcess>;
  startScheduler(replica: string): Promise<ManagedProcess>;
  scheduler<C extends CommandName<'scheduler'>>(
    command: C,
    input: CommandInput<'scheduler', C>,
  ): Promise<CommandReply<'scheduler', C>>;
  stop(): Promise<void>;
}

export async function startSchedulerHarness(env: NodeJS.ProcessEnv = {}): Promise<SchedulerHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'justfit-scheduler-'));
  const nats: NatsServerHandle = await startNatsServer();
  // The test's own connection (the admin user) creates the streams, as etl would.
  const bus = await EventBus.connect({ servers: nats.url, name: 'scheduler-test', auth: nats.admin });
  const processes: ManagedProcess[] = [];
  const schedulers = new Map<string, ManagedProcess>();

  const startService = async (service: 'collector' | 'scheduler', replica: string, extra: NodeJS.ProcessEnv) => {
    const port = await freePort();
    const proc = startProcess({
      name: `${service}-${replica}`,
      command: process.execPath,
      args: ['--import', 'tsx', 'src/main.ts'],
      cwd: join(repoRoot, 'services', service),
      env: {
        NATS_URL: nats.url,
        ...nats.serviceEnv(service),
        JUSTFIT_DATA_DIR: dataDir,
        PORT: String(port),
        METRICS_PORT: String(await freePort()),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json'),
        ...extra,
        ...env,
      },
      logFile: join(dataDir, 'logs', `${service}-${replica}.log`),
    });
    processes.push(proc);
    await waitFor(`${service} ${replica} readiness`, () => httpOk(`http://127.0.0.1:${port}/readyz`), {
      timeoutMs: 60_000,
      process: proc,
    });
    return proc;
  };

  await startService('collector', 'a', { JUSTFIT_MASTER_KEY: randomBytes(32).toString('hex') });
  return {
    bus,
    dataDir,
    schedulers,
    async startScheduler(replica) {
      const proc = await startService('scheduler', replica, {});
      schedulers.set(replica, proc);
      return proc;
    },
    scheduler: (command, input) =>
      bus.request('scheduler', command, input, { traceId: randomBytes(16).toString('hex'), timeoutMs: 10_000 }),
    async stop() {
      await Promise.all(processes.map((p) => p.stop()));
      await bus.close();
      await nats.stop();
      if (!process.env.KEEP_TEST_DATA) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
