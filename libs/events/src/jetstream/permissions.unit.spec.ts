import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  agentPermissions,
  BUS_ACCESS,
  BUS_SERVICES,
  permissionsDocument,
  servicePermissions,
  STREAM_MANAGER,
} from './permissions';

const publishes = (service: (typeof BUS_SERVICES)[number], subject: string) =>
  servicePermissions(service).publish.includes(subject);

describe('bus permissions', () => {
  it('bus permissions - only the analyzer appends findings and policies, only the collector connections, only the scheduler jobs', () => {
    expect(BUS_SERVICES.filter((s) => publishes(s, 'justfit.findings.>'))).toEqual(['analyzer']);
    expect(BUS_SERVICES.filter((s) => publishes(s, 'justfit.policies.>'))).toEqual(['analyzer']);
    expect(BUS_SERVICES.filter((s) => publishes(s, 'justfit.connections.>'))).toEqual(['collector']);
    expect(BUS_SERVICES.filter((s) => publishes(s, 'justfit.jobs.>'))).toEqual(['scheduler']);
  });

  it('bus permissions - no service may publish or subscribe to everything, nor to all of _INBOX or $JS.API', () => {
    for (const service of BUS_SERVICES) {
      const { publish, subscribe } = servicePermissions(service);
      for (const subject of [...publish, ...subscribe]) {
        expect(['>', '_INBOX.>', '$JS.API.>', 'justfit.>', '$JS.>'], `${service}: ${subject}`).not.toContain(subject);
      }
      expect(subscribe, service).toContain(`_INBOX.${service}.>`);
    }
  });

  it('bus permissions - only the stream manager may create or update streams, and only JustFit ones', () => {
    for (const service of BUS_SERVICES) {
      const managing = servicePermissions(service).publish.filter((s) =>
        /^\$JS\.API\.STREAM\.(CREATE|UPDATE)\./.test(s),
      );
      const ownKv = (BUS_ACCESS[service].kvBuckets ?? []).flatMap((b) => [
        `$JS.API.STREAM.CREATE.KV_${b}`,
        `$JS.API.STREAM.UPDATE.KV_${b}`,
      ]);
      if (service === STREAM_MANAGER) expect(managing.length, service).toBeGreaterThan(ownKv.length);
      else expect(managing, service).toEqual(ownKv);
      expect(
        managing.filter((s) => s.includes('*') || s.endsWith('>')),
        service,
      ).toEqual([]);
    }
  });

  it('bus permissions - an agent id must be one plain subject token', () => {
    expect(agentPermissions('site-7_a').publish).toEqual(['justfit.agents.site-7_a.>']);
    for (const bad of ['', 'a.b', 'a*', 'a>', 'a b', 'x'.repeat(65)]) expect(() => agentPermissions(bad)).toThrow();
  });

  it('bus permissions - the chart’s permission file is what the code defines (npm run generate:chart-files)', () => {
    const chartFile = new URL('../../../../helm/justfit/files/nats-permissions.json', import.meta.url);
    expect(JSON.parse(readFileSync(chartFile, 'utf8'))).toEqual(permissionsDocument());
  });
});
