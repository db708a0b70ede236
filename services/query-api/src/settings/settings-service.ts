import {
  ConcurrencyError,
  decideAndAppend,
  definitionForType,
  type EventStore,
  type JustFitEvent,
  newEvent,
  SETTINGS_AGGREGATE_ID,
} from '@justfit/events';
import {
  decide,
  evolve,
  initialSettingsState,
  SETTINGS_EVENT_TYPES,
  type SettingsEvent,
  type SettingsPatch,
  SettingsRejected,
  type SettingsState,
} from './settings.decider';

const SOURCE = 'query-api';

export interface SettingsHistoryEntry {
  revision: number;
  section: 'currencyAndPrices' | 'timeZone' | 'retention' | 'reportBranding';
  changedBy: string;
  changedAt: number;
  /** The section's value from this change on. */
  value: unknown;
  traceId: string;
}

const SECTION: Record<SettingsEvent['type'], SettingsHistoryEntry['section']> = {
  CurrencyAndPricesChanged: 'currencyAndPrices',
  DefaultTimeZoneChanged: 'timeZone',
  RetentionChanged: 'retention',
  ReportBrandingChanged: 'reportBranding',
};

/** A stored event as the decider knows it, or undefined for a type the settings do not fold. */
function toSettingsEvent(event: JustFitEvent): SettingsEvent | undefined {
  const name = definitionForType(event.type)?.name;
  return (SETTINGS_EVENT_TYPES as readonly string[]).includes(name ?? '')
    ? ({ type: name, data: event.data } as SettingsEvent)
    : undefined;
}

const fold = (events: JustFitEvent[]) =>
  events.map(toSettingsEvent).reduce((state, e) => (e ? evolve(state, e) : state), initialSettingsState());

/** Reads the settings from their events and changes them through the decider, with optimistic concurrency. */
export class SettingsService {
  constructor(private readonly store: EventStore) {}

  async current(): Promise<SettingsState> {
    const { events } = await this.store.read(SETTINGS_AGGREGATE_ID, 'SETTINGS');
    return fold(events.map((e) => e.event));
  }

  /** Every change, newest first. */
  async history(limit = 100): Promise<SettingsHistoryEntry[]> {
    const { events } = await this.store.read(SETTINGS_AGGREGATE_ID, 'SETTINGS');
    const entries: SettingsHistoryEntry[] = [];
    for (const { event } of events) {
      const e = toSettingsEvent(event);
      if (!e) continue;
      const { changedBy, changedAt, ...value } = e.data;
      entries.push({
        revision: entries.length + 1,
        section: SECTION[e.type],
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
      return await decideAndAppend(this.store, SETTINGS_AGGREGATE_ID, 'SETTINGS', (history) => {
        const state = fold(history);
        const decided = decide({ type: 'UpdateSettings', patch, actor, at: Date.now(), expectedRevision }, state);
        return {
          events: decided.map((e) =>
            newEvent(e.type, e.data, { subject: SETTINGS_AGGREGATE_ID, source: SOURCE, traceId }),
          ),
          result: decided.reduce(evolve, state),
        };
      });
    } catch (e) {
      if (e instanceof ConcurrencyError) throw new SettingsRejected(409, 'the settings kept changing; try again');
      throw e;
    }
  }
}
