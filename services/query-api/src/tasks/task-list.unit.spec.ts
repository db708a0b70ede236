import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './task-list';

describe('task list - cursors', () => {
  it('task list - a cursor gives back the task it names; anything else is no cursor', () => {
    const task = { createdAt: 1_700_000_000_123, id: 'report-1' };
    expect(decodeCursor(encodeCursor(task))).toEqual(task);
    expect(decodeCursor('not a cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('[1,2]').toString('base64url'))).toBeUndefined();
  });
});
