import { CommandError, type EventDataOf } from '@justfit/events';
import type { AlertMarks } from '../findings/finding';

/** Alert ids are `alert-<findingId>-<runId>`: the finding they belong to is the aggregate to append to. */
export function findingIdOfAlert(alertId: string): string {
  const match = /^alert-(.+)-(run-[0-9a-f-]{36})$/.exec(alertId);
  if (!match) throw new CommandError(404, `alert ${alertId} not found`);
  return match[1]!;
}

export function decideMark(
  alertId: string,
  findingId: string,
  alerts: AlertMarks,
  mark: { read?: boolean; resolved?: boolean },
  now: number,
): EventDataOf<'AlertMarked'> | undefined {
  const current = alerts.get(alertId);
  if (!current) throw new CommandError(404, `alert ${alertId} not found`);
  const unchanged =
    (mark.read === undefined || mark.read === current.read) &&
    (mark.resolved === undefined || mark.resolved === current.resolved);
  return unchanged ? undefined : { alertId, findingId, ...mark, markedAt: now };
}
