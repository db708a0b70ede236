import { assertNever } from '../command-handler';
import { Events } from '../catalogue';
import { DEFAULT_SETTINGS, SETTINGS_AGGREGATE_ID, type Settings } from '../contracts/settings';
import type { JustFitEvent } from '../envelope';
import type { EventBus } from './bus';
import { type RunningSubscription, runEphemeralConsumer } from './consumer';
import { JetStreamEventStore } from './event-store';

export const SETTINGS_CHANGES = [
  'CurrencyAndPricesChanged',
  'DefaultTimeZoneChanged',
  'RetentionChanged',
  'ReportBrandingChanged',
] as const;
export type SettingsChange = JustFitEvent<(typeof SETTINGS_CHANGES)[number]>;
export type SettingsSection = keyof Settings;

const settingsChangeTypes = new Set<string>(SETTINGS_CHANGES.map((name) => Events[name].type));
export const isSettingsChange = (event: JustFitEvent): event is SettingsChange => settingsChangeTypes.has(event.type);

/** The settings after one change: each change event carries its section's whole new value. */
export function applySettingsChange(settings: Settings, event: SettingsChange): Settings {
  switch (event.type) {
    case Events.CurrencyAndPricesChanged.type:
      return { ...settings, currencyAndPrices: event.data.currencyAndPrices };
    case Events.DefaultTimeZoneChanged.type:
      return { ...settings, timeZone: event.data.timeZone };
    case Events.RetentionChanged.type:
      return { ...settings, retention: event.data.retention };
    case Events.ReportBrandingChanged.type:
      return { ...settings, reportBranding: event.data.reportBranding };
    default:
      return assertNever(event);
  }
}

/** Which section a change sets. */
export function settingsSectionOf(event: SettingsChange): SettingsSection {
  switch (event.type) {
    case Events.CurrencyAndPricesChanged.type:
      return 'currencyAndPrices';
    case Events.DefaultTimeZoneChanged.type:
      return 'timeZone';
    case Events.RetentionChanged.type:
      return 'retention';
    case Events.ReportBrandingChanged.type:
      return 'reportBranding';
    default:
      return assertNever(event);
  }
}

type SettingsListener = (settings: Settings, change: SettingsChange) => Promise<void> | void;

/**
 * The installation's current settings, for the services that apply them (prices in the analyzer, branding and
 * currency in the reporter, retention in the ETL): read whole at start, then followed as admins change them, so a
 * change applies to the next analysis or report without a restart. Sections nobody has set keep their defaults.
 */
export class SettingsView {
  private settings: Settings = DEFAULT_SETTINGS;
  private readonly set = new Set<SettingsSection>();
  private readonly listeners: SettingsListener[] = [];
  private subscription?: RunningSubscription;

  /** `consumer`: the subjects the service declared it follows (its topology), all in the SETTINGS stream. */
  constructor(
    private readonly bus: EventBus,
    private readonly consumer: { stream: string; filterSubjects: string[] },
  ) {}

  current(): Settings {
    return this.settings;
  }

  /** Whether an admin has set this section (otherwise it holds its default). */
  isSet(section: SettingsSection): boolean {
    return this.set.has(section);
  }

  /** Called after each change made once the view started (the value at start is `current()`). */
  onChange(listener: SettingsListener): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    const { events, revision } = await new JetStreamEventStore(this.bus).read(SETTINGS_AGGREGATE_ID, 'SETTINGS');
    for (const { event } of events) if (isSettingsChange(event)) this.apply(event);
    // From the start of the stream, skipping what was read above: nothing appended in between is missed.
    this.subscription = await runEphemeralConsumer(
      this.bus,
      { ...this.consumer, deliverNew: false },
      async (event, { streamSeq }) => {
        if (streamSeq <= revision || !isSettingsChange(event)) return;
        this.apply(event);
        for (const listener of this.listeners) await listener(this.settings, event);
      },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  private apply(event: SettingsChange): void {
    this.settings = applySettingsChange(this.settings, event);
    this.set.add(settingsSectionOf(event));
  }
}
