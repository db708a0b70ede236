import { describe, expect, it } from 'vitest';
import { decodeEvent, InvalidEventError, newEvent } from './envelope';

const valid = newEvent(
  'CollectTaskLogged',
  { taskId: 'task-1', level: 'info', message: 'hello', timestamp: 1 },
  { subject: 'task-1', source: 'test', traceId: 'trace-1' },
);

function reasonOf(bytes: string | Uint8Array): string {
  try {
    decodeEvent(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidEventError);
    return (e as InvalidEventError).reason;
  }
  throw new Error('decodeEvent accepted it');
}

describe('envelope', () => {
  it('envelope - a valid event decodes from bytes to the same event', () => {
    expect(decodeEvent(new TextEncoder().encode(JSON.stringify(valid)))).toEqual(valid);
  });

  it('envelope - bad JSON is refused with a reason', () => {
    expect(reasonOf('{"specversion": "1.0",')).toMatch(/^payload is not JSON: /);
    expect(reasonOf(new Uint8Array([0xff, 0xfe]))).toMatch(/^payload is not JSON: /);
  });

  it('envelope - a missing envelope field is refused and named', () => {
    const { traceid: _, ...noTrace } = valid;
    expect(reasonOf(JSON.stringify(noTrace))).toMatch(/^bad envelope: .*traceid/s);
  });

  it('envelope - an unknown event type is refused', () => {
    expect(reasonOf(JSON.stringify({ ...valid, type: 'io.justfit.SomethingElse.v1' }))).toBe(
      'unknown event type io.justfit.SomethingElse.v1',
    );
  });

  it("envelope - data that breaks the type's schema is refused with the field", () => {
    const reason = reasonOf(JSON.stringify({ ...valid, data: { ...valid.data, level: 'loud' } }));
    expect(reason).toMatch(/^bad CollectTaskLogged data: .*level/s);
  });
});
