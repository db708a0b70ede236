import { EventBus, JetStreamEventStore } from '@justfit/events';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../src/policies/policy';
import { PolicyReadModel } from '../src/policy-store/policy-read-model';
import { PolicyRepository } from '../src/policy-store/policy-repository';

describe('policies read model', () => {
  let nats: NatsServerHandle;
  let bus: EventBus;
  let repository: PolicyRepository;
  let readModel: PolicyReadModel;

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await EventBus.connect({ servers: nats.url, name: 'policies-test', auth: nats.admin });
    repository = new PolicyRepository(new JetStreamEventStore(bus));
    await repository.ensureDefaults(Date.now());
    readModel = new PolicyReadModel(bus);
    await readModel.start();
  });
  afterAll(async () => {
    await readModel?.stop();
    await bus?.close();
    await nats?.stop();
  });

  it('policies read model - holds the defaults written before it started, and a version as soon as it is created', async () => {
    const names = (await readModel.list()).flatMap((s) => (s.exists ? [s.name] : [])).sort();
    expect(names).toEqual(['health-default', 'rightsize-default', 'tidal-default', 'zombie-default']);

    const { name: _n, version: _v, ...settings } = DEFAULT_POLICIES.zombie;
    await repository.execute({
      type: 'CreatePolicyVersion',
      name: 'zombie-strict',
      analysisType: 'zombie',
      settings: { ...settings, poweredOffDays: 90 },
      note: 'stricter',
      at: Date.now(),
    });
    const strict = (await readModel.list()).find((s) => s.exists && s.name === 'zombie-strict');
    expect(strict).toMatchObject({ exists: true, activeVersion: 1, versions: [{ version: 1, note: 'stricter' }] });
  });
});
