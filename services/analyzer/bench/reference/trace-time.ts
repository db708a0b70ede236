/**
 * The real traces carry no absolute time (Azure V1: consecutive 5-minute steps; Alibaba v2018: seconds from the
 * trace start). Step 0 of every reference series is placed at a fixed Monday 00:00 UTC, so "hour of day", "day" and
 * "hour of week" mean the same thing in every rule, in the labels and in the CSV made from the traces.
 */
export const TRACE_START_MS = Date.UTC(2026, 0, 5); // Monday 5 January 2026, 00:00 UTC
export const STEP_SEC = 300;
export const STEP_MS = STEP_SEC * 1000;
export const STEPS_PER_HOUR = 3600 / STEP_SEC;
export const STEPS_PER_DAY = 24 * STEPS_PER_HOUR;
export const HOURS_PER_WEEK = 168;

/** Hour of the day (0-23, UTC) of an hourly index counted from step 0. */
export const hourOfDay = (hour: number) => hour % 24;
