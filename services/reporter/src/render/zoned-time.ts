/** `YYYY-MM-DD HH:mm` of an instant in an IANA time zone (the settings' zone; reports used to say UTC only). */
export function zonedMinute(at: string | number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** The calendar day of an instant in a time zone, `YYYY-MM-DD`. */
export const zonedDay = (at: string | number, timeZone: string) => zonedMinute(at, timeZone).slice(0, 10);
