import {
  declaredConsumer,
  ETL_EVENTS,
  type EventBus,
  isEvent,
  JetStreamEventStore,
  type RunningSubscription,
  runEphemeralConsumer,
  SETTINGS_AGGREGATE_ID,
} from '@justfit/events';
import { type ClickHouseClient, setRetentionDays } from '@justfit/storage';
import type { Logger } from 'pino';

/**
 * Keeps the raw samples' TTL on the settings' retention (`RetentionChanged`, the SETTINGS stream): at start the newest
 * one, then each change as it is made. Until the settings name one, `METRICS_RETENTION_DAYS` applies. The ETL does it
 * because it is the service allowed to change the schema.
 */
export class SettingsRetention {
  private subscription?: RunningSubscription;

  constructor(
    private readonly bus: EventBus,
    private readonly clickhouse: ClickHouseClient,
    private readonly logger: Logger,
    private readonly configuredDays: number,
  ) {}

  async start(): Promise<void> {
    const { events, revision } = await new JetStreamEventStore(this.bus).read(SETTINGS_AGGREGATE_ID, 'SETTINGS');
    const newest = events.map((e) => e.event).findLast((e) => isEvent(e, 'RetentionChanged'));
    const days = newest && isEvent(newest, 'RetentionChanged') ? newest.data.retention.rawSampleDays : undefined;
    await setRetentionDays(this.clickhouse, days ?? this.configuredDays);
    this.logger.info(
      { rawSampleDays: days ?? this.configuredDays, from: days ? 'settings' : 'METRICS_RETENTION_DAYS' },
      'raw sample retention',
    );
    // From the start of the stream, skipping what was read above: nothing appended in between is missed.
    const { stream, filterSubjects } = declaredConsumer(ETL_EVENTS, 'raw sample retention');
    this.subscription = await runEphemeralConsumer(
      this.bus,
      { stream, filterSubjects, deliverNew: false },
      async (event, { streamSeq }) => {
        if (streamSeq <= revision || !isEvent(event, 'RetentionChanged')) return;
        await setRetentionDays(this.clickhouse, event.data.retention.rawSampleDays);
        this.logger.info(
          { rawSampleDays: event.data.retention.rawSampleDays, changedBy: event.data.changedBy },
          'raw sample retention changed in the settings',
        );
      },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }
}
