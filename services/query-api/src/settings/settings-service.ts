import {
  ConcurrencyError,
  type EventStore,
  isSettingsChange,
  SETTINGS_AGGREGATE_ID,
  type SettingsSection,
  settingsSectionOf,
} from '@justfit/events';
import { decide, settingsHandler, type SettingsPatch, SettingsRejected, type SettingsState } from './settings.decider';

export interface SettingsHistoryEntry {
  revision: number;
  section: SettingsSection;
  changedBy: string;
  changedAt: number;
  /** The section's value from this change on. */
  value: unknown;
  traceId: string;
}

/** Reads the settings from their events and changes them through the command handler (optimistic concurrency). */
export class SettingsService {
  constructor(private readonly store: EventStore) {}

  async current(): Promise<SettingsState> {
    return (await settingsHandler.load(this.store, SETTINGS_AGGREGATE_ID)).state;
  }

  /** Every change, newest first. */
  async history(limit = 100): Promise<SettingsHistoryEntry[]> {
    const { events } = await this.store.read(SETTINGS_AGGREGATE_ID, 'SETTINGS');
    const entries: SettingsHistoryEntry[] = [];
    for (const { event } of events) {
      if (!isSettingsChange(event)) continue;
      const { changedBy, changedAt, ...value } = event.data;
      entries.push({
        revision: entries.length + 1,
        section: settingsSectionOf(event),
        changedBy,
        changedAt,
        value: Object.values(value)[0],
        traceId: event.traceid,
      });
    }
    return entries.reverse().slice(0, limit);
  }

  async update(
    patch: SettingsPatch,
    actor: string,
    traceId: string,
    expectedRevision?: number,
  ): Promise<SettingsState> {
    try {
      const { newState } = await settingsHandler.handle(this.store, SETTINGS_AGGREGATE_ID, (state) =>
        decide({ type: 'UpdateSettings', patch, actor, at: Date.now(), traceId, expectedRevision }, state),
      );
      return newState;
    } catch (e) {
      if (e instanceof ConcurrencyError) throw new SettingsRejected(409, 'the settings kept changing; try again');
      throw e;
    }
  }
}
