import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type EventDataOf, Events, newEvent, SETTINGS_AGGREGATE_ID } from '@justfit/events';
import {
  decide,
  evolve,
  initialSettingsState,
  type SettingsEvent,
  type SettingsEventName,
  type SettingsPatch,
  SettingsRejected,
} from './settings.decider';

const AT = Date.UTC(2026, 11, 1, 9);
const TRACE = 'trace-settings';
const event = <N extends SettingsEventName>(name: N, data: EventDataOf<N>) =>
  newEvent(name, data, { subject: SETTINGS_AGGREGATE_ID, source: 'query-api', traceId: TRACE });
const given = (...events: SettingsEvent[]) => events.reduce(evolve, initialSettingsState());
const when = (patch: SettingsPatch, expectedRevision?: number) => ({
  type: 'UpdateSettings' as const,
  patch,
  actor: 'tok-admin',
  at: AT,
  traceId: TRACE,
  expectedRevision,
});
const change = { changedBy: 'tok-admin', changedAt: AT };

describe('settings decider - given events, when an update, then events or a refusal', () => {
  it('settings - given none, the defaults are in force at revision 0', () => {
    expect(given()).toEqual({ settings: DEFAULT_SETTINGS, revision: 0, lastChange: null });
  });

  it('settings - a new currency keeps the prices not given, and says so in one event', () => {
    expect(decide(when({ currencyAndPrices: { currency: 'EUR', cpuCoreMonthly: 16 } }), given())).toMatchObject([
      {
        type: Events.CurrencyAndPricesChanged.type,
        subject: SETTINGS_AGGREGATE_ID,
        traceid: TRACE,
        data: {
          ...change,
          currencyAndPrices: { ...DEFAULT_SETTINGS.currencyAndPrices, currency: 'EUR', cpuCoreMonthly: 16 },
        },
      },
    ]);
  });

  it('settings - several sections changed at once make one event each; unchanged ones make none', () => {
    const events = decide(
      when({
        timeZone: 'Europe/Paris',
        retention: { rawSampleDays: 90 },
        reportBranding: { organisation: 'ACME' },
        currencyAndPrices: { currency: 'USD' },
      }),
      given(),
    );
    expect(events.map((e) => e.type)).toEqual([
      Events.DefaultTimeZoneChanged.type,
      Events.RetentionChanged.type,
      Events.ReportBrandingChanged.type,
    ]);
    expect(events.reduce(evolve, given()).settings).toMatchObject({
      timeZone: 'Europe/Paris',
      retention: { rawSampleDays: 90, reportDays: 365 },
      reportBranding: { organisation: 'ACME', accentColour: '#1f6feb' },
    });
  });

  it('settings - the same value again changes nothing (no event)', () => {
    const state = given(event('DefaultTimeZoneChanged', { ...change, timeZone: 'Asia/Shanghai' }));
    expect(decide(when({ timeZone: 'Asia/Shanghai' }), state)).toEqual([]);
  });

  it.each([
    [{ currencyAndPrices: { currency: 'euro' } }, /currencyAndPrices\.currency: must be an ISO 4217 code/],
    [{ currencyAndPrices: { memoryGbMonthly: -1 } }, /currencyAndPrices\.memoryGbMonthly/],
    [{ timeZone: 'Mars/Olympus_Mons' }, /timeZone: must be an IANA time zone/],
    [{ retention: { rawSampleDays: 0 } }, /retention\.rawSampleDays/],
    [{ retention: { reportDays: 1.5 } }, /retention\.reportDays/],
    [{ reportBranding: { accentColour: 'red' } }, /reportBranding\.accentColour: must be a colour as #rrggbb/],
    [{ reportBranding: { logo: 'https://example.com/logo.png' } }, /reportBranding\.logo: must be a base64/],
    [{ reportBranding: { organisation: '   ' } }, /reportBranding\.organisation/],
  ] as Array<[SettingsPatch, RegExp]>)('settings - %j is refused with 400 naming the field', (patch, why) => {
    const refusal = (() => {
      try {
        decide(when(patch), given());
      } catch (e) {
        return e;
      }
    })() as SettingsRejected;
    expect(refusal).toBeInstanceOf(SettingsRejected);
    expect(refusal.code).toBe(400);
    expect(refusal.message).toMatch(why);
  });

  it('settings - one invalid section refuses the whole update: no event for the valid ones', () => {
    expect(() => decide(when({ timeZone: 'UTC', retention: { rawSampleDays: 100_000 } }), given())).toThrow(
      SettingsRejected,
    );
  });

  it('settings - an update made against an older revision is refused with 409', () => {
    const state = given(event('DefaultTimeZoneChanged', { ...change, timeZone: 'UTC' }));
    expect(() => decide(when({ timeZone: 'Europe/Berlin' }, 0), state)).toThrow(/changed since revision 0 \(now 1\)/);
    expect(decide(when({ timeZone: 'Europe/Berlin' }, 1), state)).toHaveLength(1);
  });

  it('settings - evolve folds each section and remembers who changed it last', () => {
    const logo = 'data:image/png;base64,iVBORw0KGgo=';
    const state = given(
      event('ReportBrandingChanged', { ...change, reportBranding: { ...DEFAULT_SETTINGS.reportBranding, logo } }),
      event('RetentionChanged', {
        changedBy: 'oidc-alice',
        changedAt: AT + 1,
        retention: { rawSampleDays: 30, reportDays: 30 },
      }),
    );
    expect(state.revision).toBe(2);
    expect(state.lastChange).toEqual({ by: 'oidc-alice', at: AT + 1 });
    expect(state.settings.reportBranding.logo).toBe(logo);
    expect(state.settings.retention).toEqual({ rawSampleDays: 30, reportDays: 30 });
  });
});
