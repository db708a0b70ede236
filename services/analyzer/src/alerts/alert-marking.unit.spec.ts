import { CommandError, type EventDataOf, type EventName, newEvent } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { findingAggregate, type FindingEvent } from '../findings/finding';
import { decideMark, findingIdOfAlert } from './alert-marking';

const RUN = 'run-0b5a8f5e-7d43-4a55-9a8e-3f1c2d4b5a6e';
const ALERT = `alert-zombie-conn-1-vm-7-${RUN}`;
const ev = <N extends EventName>(name: N, data: EventDataOf<N>) =>
  newEvent(name, data, { subject: 'zombie-conn-1-vm-7', source: 't', traceId: 't' });
const raised = ev('AlertRaised', {
  alertId: ALERT,
  findingId: 'zombie-conn-1-vm-7',
  severity: 'warning',
  title: 't',
  message: 'm',
  entityType: 'vm',
  entityId: 'vm-7',
  entityName: 'x',
  raisedAt: 1,
});

const alerts = (...events: FindingEvent[]) =>
  events.reduce(findingAggregate.evolve, findingAggregate.initialState()).alerts;

describe('alert marking - decide', () => {
  it('finds the finding an alert belongs to from its id, and refuses ids it does not know', () => {
    expect(findingIdOfAlert(ALERT)).toBe('zombie-conn-1-vm-7');
    expect(() => findingIdOfAlert('alert-nope')).toThrow(CommandError);
  });

  it('given a raised alert, when marked read, then an AlertMarked; when marked read again, then nothing', () => {
    const marked = decideMark(ALERT, 'zombie-conn-1-vm-7', alerts(raised), { read: true }, 5);
    expect(marked).toEqual({ alertId: ALERT, findingId: 'zombie-conn-1-vm-7', read: true, markedAt: 5 });
    expect(
      decideMark(ALERT, 'zombie-conn-1-vm-7', alerts(raised, ev('AlertMarked', marked!)), { read: true }, 6),
    ).toBeUndefined();
  });

  it('given no such alert on the finding, then 404', () => {
    expect(() => decideMark(ALERT, 'zombie-conn-1-vm-7', alerts(), { resolved: true }, 1)).toThrow(/not found/);
  });
});
