import {
  applySettingsChange,
  commandHandler,
  DEFAULT_SETTINGS,
  type Settings,
  SETTINGS_CHANGES,
  type SettingsChange,
  CurrencyAndPrices,
  defineAggregate,
  newEvent,
  ReportBrandingSettings,
  Retention,
  SETTINGS_AGGREGATE_ID,
  TimeZone,
  type CurrencyAndPrices as CurrencyAndPricesValue,
  type ReportBrandingSettings as ReportBrandingValue,
  type Retention as RetentionValue,
} from '@justfit/events';
import { z } from 'zod';

/** The settings aggregate: its events, how they fold (evolve) and how an update decides them (decide). */

export type SettingsEventName = (typeof SETTINGS_CHANGES)[number];
export type SettingsEvent = SettingsChange;

export interface SettingsState {
  settings: Settings;
  /** Events folded so far (the aggregate's revision). */
  revision: number;
  lastChange: { by: string; at: number } | null;
}

export const initialSettingsState = (): SettingsState => ({
  settings: DEFAULT_SETTINGS,
  revision: 0,
  lastChange: null,
});

export function evolve(state: SettingsState, event: SettingsEvent): SettingsState {
  return {
    settings: applySettingsChange(state.settings, event),
    revision: state.revision + 1,
    lastChange: { by: event.data.changedBy, at: event.data.changedAt },
  };
}

export const settingsAggregate = defineAggregate({
  context: 'SETTINGS',
  events: SETTINGS_CHANGES,
  initialState: initialSettingsState,
  evolve,
});

/** The settings' write path: read, decide, append at the revision read, again on a conflict. */
export const settingsHandler = commandHandler(settingsAggregate);

/** A change to some sections: each given section is merged field by field over its current value. */
export interface SettingsPatch {
  currencyAndPrices?: Partial<CurrencyAndPricesValue>;
  timeZone?: string;
  retention?: Partial<RetentionValue>;
  reportBranding?: Partial<ReportBrandingValue>;
}

/** Settings events are appended by the API. */
export const SETTINGS_SOURCE = 'query-api';

export interface UpdateSettings {
  type: 'UpdateSettings';
  patch: SettingsPatch;
  actor: string;
  at: number;
  /** The trace of the request, carried by each event decided. */
  traceId: string;
  /** The revision the caller saw; a change made since refuses this one (409) instead of silently overwriting it. */
  expectedRevision?: number;
}

export class SettingsRejected extends Error {
  constructor(
    readonly code: 400 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsRejected';
  }
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function validated<T>(section: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${[section, ...i.path].join('.')}: ${i.message}`);
  throw new SettingsRejected(400, `invalid settings: ${problems.join('; ')}`);
}

/**
 * The events an update makes: one per section whose value changes, after checking the whole new value of every
 * section given (nothing is stored when any is invalid). Sections left out, or given unchanged, make no event.
 */
export function decide(command: UpdateSettings, state: SettingsState): SettingsEvent[] {
  if (command.expectedRevision !== undefined && command.expectedRevision !== state.revision)
    throw new SettingsRejected(
      409,
      `the settings changed since revision ${command.expectedRevision} (now ${state.revision}): read them again`,
    );
  const { patch } = command;
  const current = state.settings;
  const change = { changedBy: command.actor, changedAt: command.at };
  const meta = { subject: SETTINGS_AGGREGATE_ID, source: SETTINGS_SOURCE, traceId: command.traceId };
  const candidates: SettingsEvent[] = [];
  if (patch.currencyAndPrices) {
    const value = validated('currencyAndPrices', CurrencyAndPrices, {
      ...current.currencyAndPrices,
      ...patch.currencyAndPrices,
    });
    if (!sameValue(value, current.currencyAndPrices))
      candidates.push(newEvent('CurrencyAndPricesChanged', { ...change, currencyAndPrices: value }, meta));
  }
  if (patch.timeZone !== undefined) {
    const value = validated('timeZone', TimeZone, patch.timeZone);
    if (value !== current.timeZone)
      candidates.push(newEvent('DefaultTimeZoneChanged', { ...change, timeZone: value }, meta));
  }
  if (patch.retention) {
    const value = validated('retention', Retention, { ...current.retention, ...patch.retention });
    if (!sameValue(value, current.retention))
      candidates.push(newEvent('RetentionChanged', { ...change, retention: value }, meta));
  }
  if (patch.reportBranding) {
    const value = validated('reportBranding', ReportBrandingSettings, {
      ...current.reportBranding,
      ...patch.reportBranding,
    });
    if (!sameValue(value, current.reportBranding))
      candidates.push(newEvent('ReportBrandingChanged', { ...change, reportBranding: value }, meta));
  }
  return candidates;
}
