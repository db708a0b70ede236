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
import { Events } from '../catalogue';
import { SERVICE_EVENTS } from '../topology';
import { contextSubjectPrefix } from './streams';

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

  it('bus permissions - a service publishes into the inboxes of the services that send it commands, no others', () => {
    const inboxes = (service: (typeof BUS_SERVICES)[number]) =>
      servicePermissions(service).publish.filter((s) => s.startsWith('_INBOX.'));
    expect(inboxes('analyzer')).toEqual(['_INBOX.scheduler.>', '_INBOX.query-api.>']);
    expect(inboxes('scheduler')).toEqual(['_INBOX.query-api.>']);
    expect(inboxes('etl')).toEqual([]);
    expect(inboxes('query-api')).toEqual([]);
  });

  it('bus permissions - only the stream manager may create or update streams, and only JustFit ones (besides the buckets a service owns)', () => {
    for (const service of BUS_SERVICES) {
      const managing = servicePermissions(service).publish.filter((s) =>
        /^\$JS\.API\.STREAM\.(CREATE|UPDATE)\./.test(s),
      );
      const ownKv = [
        ...(BUS_ACCESS[service].kvBuckets ?? []).map((b) => `KV_${b}`),
        ...(BUS_ACCESS[service].objectBuckets ?? []).map((b) => `OBJ_${b}`),
      ].flatMap((stream) => [`$JS.API.STREAM.CREATE.${stream}`, `$JS.API.STREAM.UPDATE.${stream}`]);
      if (service === STREAM_MANAGER) expect(managing.length, service).toBeGreaterThan(ownKv.length);
      else expect(managing, service).toEqual(ownKv);
      expect(
        managing.filter((s) => s.includes('*') || s.endsWith('>')),
        service,
      ).toEqual([]);
    }
  });

  it('bus permissions - each service appends to and reads the streams its declared events live in, no others', () => {
    for (const service of BUS_SERVICES) {
      const declared = SERVICE_EVENTS[service];
      for (const name of declared.produces) {
        expect(publishes(service, `${contextSubjectPrefix(Events[name].stream)}.>`), `${service}: ${name}`).toBe(true);
      }
      for (const { events } of declared.consumes) {
        for (const name of events)
          expect(BUS_ACCESS[service].reads, `${service}: ${name}`).toContain(Events[name].stream);
      }
    }
    // Data loaded is the analyzer's input in LOADS; no one but the collector writes a task.
    expect(BUS_ACCESS.analyzer.reads).toContain('LOADS');
    expect(BUS_ACCESS.analyzer.reads).not.toContain('TASKS');
    expect(BUS_SERVICES.filter((s) => publishes(s, 'justfit.tasks.>'))).toEqual(['collector']);
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
