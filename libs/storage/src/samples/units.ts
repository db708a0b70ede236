/**
 * Unit conversions into the units JustFit stores: percent, MB, MHz, KB/s and operations per second. A converter
 * also gets the sample interval, which counters summed over it (CPU ready) need.
 */
export type Converter = (value: number, intervalSec: number) => number;

const identity: Converter = (v) => v;
const times =
  (factor: number): Converter =>
  (v) =>
    v * factor;

/** A unit table: every spelling a source may use → how to convert it. */
export type UnitTable = Readonly<Record<string, Converter>>;

/** vCenter reports its percentage counters in hundredths of a percent. */
export const HUNDREDTHS_OF_PERCENT: UnitTable = { percent: times(1 / 100) };

export const PERCENT: UnitTable = { percent: identity, '%': identity, pct: identity, ratio: times(100), '': identity };

export const MEGABYTES: UnitTable = {
  megaBytes: identity,
  MB: identity,
  MiB: identity,
  '': identity,
  kiloBytes: times(1 / 1024),
  KB: times(1 / 1024),
  KiB: times(1 / 1024),
  gigaBytes: times(1024),
  GB: times(1024),
  GiB: times(1024),
  bytes: times(1 / (1024 * 1024)),
  B: times(1 / (1024 * 1024)),
};

export const MEGAHERTZ: UnitTable = {
  megaHertz: identity,
  MHz: identity,
  '': identity,
  gigaHertz: times(1000),
  GHz: times(1000),
};

/** JustFit's `kbps` is kilobytes per second, as vCenter's KBps. */
export const KILOBYTES_PER_SECOND: UnitTable = {
  kiloBytesPerSecond: identity,
  KBps: identity,
  'KB/s': identity,
  kbps: identity,
  '': identity,
  megaBytesPerSecond: times(1024),
  MBps: times(1024),
  'MB/s': times(1024),
  bytesPerSecond: times(1 / 1024),
  Bps: times(1 / 1024),
  'B/s': times(1 / 1024),
};

export const PER_SECOND: UnitTable = { number: identity, iops: identity, '1/s': identity, '': identity };

/** CPU ready as milliseconds summed over the interval → percent of the interval (summed over vCPUs: up to 100 × vCPU). */
const readyMsToPercent: Converter = (ms, intervalSec) => (ms / (intervalSec * 1000)) * 100;
export const READY_MILLISECONDS: UnitTable = { millisecond: readyMsToPercent };
export const READY: UnitTable = { ...PERCENT, millisecond: readyMsToPercent, ms: readyMsToPercent };
