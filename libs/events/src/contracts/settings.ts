import { z } from 'zod';
import { defineEvent } from '../define-event';
import { EpochMs } from './common';

/**
 * The organisation's settings: one aggregate (`settings`) in the SETTINGS context. Each section changes with an event
 * of its own, which carries the section's new value whole, so the history reads "who set what, when" section by
 * section, and the current settings are the latest value of each section.
 */

/** The one settings aggregate of an installation. */
export const SETTINGS_AGGREGATE_ID = 'settings';

/** An ISO 4217 currency code. */
const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD or EUR');
const Price = z.number().finite().nonnegative().max(1_000_000);

export const CurrencyAndPrices = z
  .object({
    currency: CurrencyCode,
    /** What one unit costs a month, in `currency`. */
    cpuCoreMonthly: Price,
    memoryGbMonthly: Price,
    diskGbMonthly: Price,
  })
  .strict();
export type CurrencyAndPrices = z.infer<typeof CurrencyAndPrices>;

/** An IANA time zone the runtime knows (`Europe/Paris`, `UTC`). */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as UTC or Europe/Paris');

export const Retention = z
  .object({
    /** Days raw 5-minute samples are kept (the hourly and daily rollups are kept longer). */
    rawSampleDays: z.number().int().min(1).max(36_500),
    /** Days generated report files are kept. */
    reportDays: z.number().int().min(1).max(3_650),
  })
  .strict();
export type Retention = z.infer<typeof Retention>;

/** A logo small enough to sit in every report: a PNG, JPEG or SVG data URL of at most 256 KiB. */
const LogoDataUrl = z
  .string()
  .max(350_000)
  .regex(/^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a base64 PNG, JPEG or SVG data URL');

export const ReportBrandingSettings = z
  .object({
    organisation: z.string().trim().min(1).max(100),
    /** The accent colour of report headings and charts, `#rrggbb`. */
    accentColour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb'),
    footer: z.string().max(200),
    logo: LogoDataUrl.nullable(),
  })
  .strict();
export type ReportBrandingSettings = z.infer<typeof ReportBrandingSettings>;

const Change = { changedBy: z.string().min(1).max(300), changedAt: EpochMs };

export const CurrencyAndPricesChanged = defineEvent({
  name: 'CurrencyAndPricesChanged',
  version: 1,
  stream: 'SETTINGS',
  schema: z.object({ ...Change, currencyAndPrices: CurrencyAndPrices }).strict(),
});
export const DefaultTimeZoneChanged = defineEvent({
  name: 'DefaultTimeZoneChanged',
  version: 1,
  stream: 'SETTINGS',
  schema: z.object({ ...Change, timeZone: TimeZone }).strict(),
});
export const RetentionChanged = defineEvent({
  name: 'RetentionChanged',
  version: 1,
  stream: 'SETTINGS',
  schema: z.object({ ...Change, retention: Retention }).strict(),
});
export const ReportBrandingChanged = defineEvent({
  name: 'ReportBrandingChanged',
  version: 1,
  stream: 'SETTINGS',
  schema: z.object({ ...Change, reportBranding: ReportBrandingSettings }).strict(),
});

/** An installation's settings: the newest value of each section. */
export interface Settings {
  currencyAndPrices: CurrencyAndPrices;
  timeZone: string;
  retention: Retention;
  reportBranding: ReportBrandingSettings;
}

/**
 * What an installation starts with, until an admin changes a section. The prices are what savings are computed with
 * (per month, in the currency): list prices of a small private cloud, to be replaced by the organisation's own.
 */
export const DEFAULT_SETTINGS: Settings = {
  currencyAndPrices: { currency: 'USD', cpuCoreMonthly: 18, memoryGbMonthly: 4.5, diskGbMonthly: 0.08 },
  timeZone: 'UTC',
  retention: { rawSampleDays: 400, reportDays: 365 },
  reportBranding: { organisation: 'JustFit', accentColour: '#1f6feb', footer: '', logo: null },
};
