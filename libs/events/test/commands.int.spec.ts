import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandError, type CommandServer } from '../src';
import { startTestBus, type TestBus } from './helpers';

describe('commands', () => {
  let t: TestBus;
  let server: CommandServer;
  beforeAll(async () => {
    t = await startTestBus();
    server = await t.bus.serveCommands('echo', {
      Echo: async (payload, ctx) => ({ payload, traceId: ctx.traceId }),
      Refuse: async () => {
        throw new CommandError(409, 'task already running');
      },
      Crash: async () => {
        throw new Error('db password is hunter2');
      },
      Slow: () => new Promise((resolve) => setTimeout(() => resolve('late'), 500)),
    });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.stop();
  });

  it("commands - a request gets the handler's data and carries the trace id", async () => {
    const reply = await t.bus.request('echo', 'Echo', { n: 1 }, { traceId: 'trace-1' });
    expect(reply).toEqual({ payload: { n: 1 }, traceId: 'trace-1' });
  });

  it('commands - a CommandError reaches the caller with its code and message', async () => {
    const error = await t.bus.request('echo', 'Refuse', {}, { traceId: 't' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ code: 409, message: 'task already running' });
  });

  it('commands - any other error is a generic 500 and the original is logged', async () => {
    const error = await t.bus.request('echo', 'Crash', {}, { traceId: 't' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 500, message: 'internal error' });
    expect(t.logged.map((l) => (l.error as Error).message)).toContain('db password is hunter2');
  });

  it('commands - an unknown command is answered with 404', async () => {
    await expect(t.bus.request('echo', 'Nope', {}, { traceId: 't' })).rejects.toMatchObject({ code: 404 });
  });

  it('commands - a service that does not answer in time is a 408', async () => {
    await expect(t.bus.request('echo', 'Slow', {}, { traceId: 't', timeoutMs: 100 })).rejects.toMatchObject({
      code: 408,
      message: 'service echo did not answer within 100 ms',
    });
    await expect(t.bus.request('nobody', 'Hello', {}, { traceId: 't', timeoutMs: 100 })).rejects.toMatchObject({
      code: 408,
      message: 'service nobody did not answer within 100 ms',
    });
  });
});
