import { EventBus, JetStreamEventStore, newEvent, SETTINGS_AGGREGATE_ID } from '@justfit/events';
import { createLogger } from '@justfit/service-kit';
import { migrate, retentionDays } from '@justfit/storage';
import { startTestClickHouse, type TestClickHouse } from '@justfit/testing/clickhouse';
import { eventually } from '@justfit/testing/eventually';
import { type NatsServerHandle, startNatsServer } from '@justfit/testing/nats-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsRetention } from '../src/retention/settings-retention';

describe('settings retention - the ETL keeps the raw samples as long as the settings say', () => {
  let nats: NatsServerHandle;
  let ch: TestClickHouse;
  let admin: EventBus;
  let etl: EventBus;
  let store: JetStreamEventStore;

  beforeAll(async () => {
    nats = await startNatsServer();
    ch = await startTestClickHouse();
    await migrate(ch.client);
    admin = await EventBus.connect({ servers: nats.url, name: 'test-admin', auth: nats.admin });
    // The ETL's own NATS user, with its production permissions.
    etl = await EventBus.connect({ servers: nats.url, name: 'etl', auth: nats.credentials('etl') });
    store = new JetStreamEventStore(admin);
  });

  afterAll(async () => {
    await etl?.close();
    await admin?.close();
    await ch?.stop();
    await nats?.stop();
  });

  /** What query-api appends when an admin changes the retention. */
  const changeRetention = async (rawSampleDays: number, expectedRevision: number | 'no_stream') =>
    store.append(
      SETTINGS_AGGREGATE_ID,
      [
        newEvent(
          'RetentionChanged',
          { changedBy: 'tok-admin', changedAt: Date.now(), retention: { rawSampleDays, reportDays: 365 } },
          { subject: SETTINGS_AGGREGATE_ID, source: 'query-api', traceId: 'trace-retention' },
        ),
      ],
      { expectedRevision },
    );

  it('settings retention - the configured days until the settings name some, then each change as it is made', async () => {
    const first = new SettingsRetention(etl, ch.client, createLogger('etl', 'silent'), 200);
    await first.start();
    expect(await retentionDays(ch.client)).toBe(200);
    expect(first.days()).toBe(200);
    await first.stop();

    const { revision } = await changeRetention(90, 'no_stream');
    // A restarted ETL applies the newest setting, not its configuration.
    const retention = new SettingsRetention(etl, ch.client, createLogger('etl', 'silent'), 200);
    await retention.start();
    expect(await retentionDays(ch.client)).toBe(90);
    expect(await retentionDays(ch.client, 'vm_samples')).toBe(90);

    await changeRetention(30, revision);
    await eventually(async () => expect(await retentionDays(ch.client)).toBe(30));
    // The samples' checks follow the change too, not only the TTL.
    expect(retention.days()).toBe(30);
    await retention.stop();
  });
});
