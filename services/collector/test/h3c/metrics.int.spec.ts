import type { RawEntity, RawSample } from '@justfit/events';
import { checkSample } from '@justfit/storage';
import { casHostLoad, casVmLoad } from '@justfit/testing/fake-cas-estate';
import { type FakeCas, startFakeCas } from '@justfit/testing/fake-cas-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor, inventoryOf, samplesOf } from './fixtures';

const STEP_S = 300;
const END = Math.floor(Date.now() / (STEP_S * 1000)) * STEP_S * 1000;
const WINDOW = { startTime: END - 2 * 3_600_000, endTime: END, intervalSec: STEP_S };
const STEPS = 2 * 12 + 1;

describe('h3c metrics', () => {
  let cas: FakeCas;
  let entities: RawEntity[];
  let samples: RawSample[];
  beforeAll(async () => {
    cas = await startFakeCas({ vms: 12, vmsPerHost: 4 });
    const connector = connectorFor(cas);
    entities = await inventoryOf(connector);
    samples = await samplesOf(connector, entities, WINDOW);
    await connector.close();
  });
  afterAll(() => cas?.stop());

  const valueOf = (entityId: string, counter: string, timestamp: number, instance = '') =>
    samples.find(
      (s) => s.entityId === entityId && s.counter === counter && s.timestamp === timestamp && s.instance === instance,
    )?.value;

  it('h3c - each running VM has CPU, memory, disk and network trends over the window, as CAS reports them', () => {
    const running = cas.estate.vms.filter((v) => v.status === 'running');
    for (const vm of running) {
      const mine = samples.filter((s) => s.entityId === `vm-${vm.id}`);
      // cpu, mem, disk KB/s and net KB/s once a step; IOPS as read and write.
      expect(mine).toHaveLength(STEPS * 6);
      for (const t of [WINDOW.startTime, WINDOW.startTime + 3_600_000, WINDOW.endTime]) {
        const load = casVmLoad(vm, t);
        expect(valueOf(`vm-${vm.id}`, 'cpu.usage_pct', t)).toBe(load.cpuRate);
        expect(valueOf(`vm-${vm.id}`, 'mem.usage_pct', t)).toBe(load.memRate);
        expect(valueOf(`vm-${vm.id}`, 'disk.kbps', t)).toBeCloseTo(load.diskReadKBps + load.diskWriteKBps, 6);
        expect(valueOf(`vm-${vm.id}`, 'net.kbps', t)).toBeCloseTo(load.netInKBps + load.netOutKBps, 6);
        expect(valueOf(`vm-${vm.id}`, 'disk.iops', t, 'read')).toBe(load.readIops);
        expect(valueOf(`vm-${vm.id}`, 'disk.iops', t, 'write')).toBe(load.writeIops);
      }
    }
    const off = cas.estate.vms.filter((v) => v.status !== 'running').map((v) => `vm-${v.id}`);
    expect(off.length).toBeGreaterThan(0);
    expect(samples.filter((s) => off.includes(s.entityId))).toEqual([]);
    expect(samples.filter((s) => s.entityId.startsWith('vmtemplate-'))).toEqual([]);
  });

  it('h3c - hosts report the load of their guests', () => {
    for (const host of cas.estate.hosts) {
      const guests = cas.estate.vms.filter((v) => v.hostId === host.id);
      const load = casHostLoad(host, guests, WINDOW.endTime);
      expect(valueOf(`host-${host.id}`, 'cpu.usage_pct', WINDOW.endTime)).toBe(load.cpuRate);
      expect(valueOf(`host-${host.id}`, 'mem.usage_pct', WINDOW.endTime)).toBe(load.memRate);
      expect(samples.filter((s) => s.entityId === `host-${host.id}`)).toHaveLength(STEPS * 6);
    }
  });

  it('h3c - every sample is one the ETL stores under a JustFit metric, in its unit, unchanged', () => {
    const ctx = { intervalSec: STEP_S, now: Date.now(), maxSkewMs: 60_000, retentionDays: 400 };
    const metrics = new Set<string>();
    for (const sample of samples) {
      const verdict = checkSample(sample, ctx);
      expect(verdict).toMatchObject({ ok: true, value: sample.value });
      if (verdict.ok) metrics.add(verdict.metric);
    }
    expect([...metrics].sort()).toEqual(['cpu.usage_pct', 'disk.iops', 'disk.kbps', 'mem.usage_pct', 'net.kbps']);
  });

  it('h3c - a task naming counters reads only their trends; naming none CAS keeps is refused with 1002', async () => {
    const connector = connectorFor(cas);
    const before = cas.stats.byRoute.get('/vm/{id}/memTrend') ?? 0;
    const cpuOnly = await samplesOf(connector, entities, WINDOW, ['cpu.usage_pct']);
    expect(new Set(cpuOnly.map((s) => s.counter))).toEqual(new Set(['cpu.usage_pct']));
    expect(cas.stats.byRoute.get('/vm/{id}/memTrend') ?? 0).toBe(before);
    await expect(samplesOf(connector, entities, WINDOW, ['cpu.ready.summation'])).rejects.toMatchObject({
      code: 1002,
      message: expect.stringMatching(/keeps none of the counters asked for/),
    });
    await connector.close();
  });
});
