import { declaredConsumer, ETL_EVENTS, type EventBus, SettingsView } from '@justfit/events';
import { type ClickHouseClient, setRetentionDays } from '@justfit/storage';
import type { Logger } from 'pino';

/**
 * Keeps the raw samples' TTL on the settings' retention: at start the one in force, then each change as it is made.
 * Until an admin sets the retention, `METRICS_RETENTION_DAYS` applies. The ETL does it because it is the service
 * allowed to change the schema.
 */
export class SettingsRetention {
  private readonly view: SettingsView;

  constructor(
    bus: EventBus,
    private readonly clickhouse: ClickHouseClient,
    private readonly logger: Logger,
    private readonly configuredDays: number,
  ) {
    this.view = new SettingsView(bus, declaredConsumer(ETL_EVENTS, 'raw sample retention'));
    this.view.onChange(async (settings, change) => {
      await setRetentionDays(this.clickhouse, settings.retention.rawSampleDays);
      this.logger.info(
        { rawSampleDays: settings.retention.rawSampleDays, changedBy: change.data.changedBy },
        'raw sample retention changed in the settings',
      );
    });
  }

  /** The retention in force: the settings' once an admin has set one, else `METRICS_RETENTION_DAYS`. */
  days(): number {
    return this.view.isSet('retention') ? this.view.current().retention.rawSampleDays : this.configuredDays;
  }

  async start(): Promise<void> {
    await this.view.start();
    const fromSettings = this.view.isSet('retention');
    const days = this.days();
    await setRetentionDays(this.clickhouse, days);
    this.logger.info(
      { rawSampleDays: days, from: fromSettings ? 'settings' : 'METRICS_RETENTION_DAYS' },
      'raw sample retention',
    );
  }

  async stop(): Promise<void> {
    await this.view.stop();
  }
}
