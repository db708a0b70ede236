import { CommandError, type EventDataOf, isEvent, type JustFitEvent } from '@justfit/events';

/** The alert ids a finding has raised, and the latest read/resolved marks of each. */
export function alertsOf(events: JustFitEvent[]): Map<string, { read: boolean; resolved: boolean }> {
  const alerts = new Map<string, { read: boolean; resolved: boolean }>();
  for (const event of events) {
    if (isEvent(event, 'AlertRaised')) alerts.set(event.data.alertId, { read: false, resolved: false });
    if (isEvent(event, 'AlertMarked')) {
      const current = alerts.get(event.data.alertId);
      if (current)
        alerts.set(event.data.alertId, {
          read: event.data.read ?? current.read,
          resolved: event.data.resolved ?? current.resolved,
        });
    }
  }
  return alerts;
}

/** Alert ids are `alert-<findingId>-<runId>`: the finding they belong to is the aggregate to append to. */
export function findingIdOfAlert(alertId: string): string {
  const match = /^alert-(.+)-(run-[0-9a-f-]{36})$/.exec(alertId);
  if (!match) throw new CommandError(404, `alert ${alertId} not found`);
  return match[1]!;
}

export function decideMark(
  alertId: string,
  findingId: string,
  events: JustFitEvent[],
  mark: { read?: boolean; resolved?: boolean },
  now: number,
): EventDataOf<'AlertMarked'> | undefined {
  const current = alertsOf(events).get(alertId);
  if (!current) throw new CommandError(404, `alert ${alertId} not found`);
  const unchanged =
    (mark.read === undefined || mark.read === current.read) &&
    (mark.resolved === undefined || mark.resolved === current.resolved);
  return unchanged ? undefined : { alertId, findingId, ...mark, markedAt: now };
}
