import { describe, expect, it } from 'vitest';
import { decodeEvent, newEvent } from '../envelope';
import { MetricsObserved } from './raw';

const VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'vm',
  'host',
  'cluster',
  'datastore',
  'VM',
  'a'.repeat(200),
  'a'.repeat(201),
  0,
  -0,
  -1,
  1,
  1.5,
  300,
  Date.UTC(2026, 0, 1),
  2 ** 53 - 1,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  {},
];

const sample = () => ({
  entityType: 'vm' as const,
  entityId: 'vm-1',
  counter: 'cpu.usage.average',
  instance: '',
  unit: 'percent',
  timestamp: Date.UTC(2026, 0, 1),
  value: 1234,
});
const data = (samples: unknown[] = [sample()]) => ({
  connectionId: 'c1',
  taskId: 't1',
  batch: 0,
  intervalSec: 300,
  samples,
});

/** Every way of changing one field of `base`: each value above, the field gone, and a key the schema does not know. */
function variants(base: Record<string, unknown>): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [{ ...base, extra: 1 }];
  for (const key of Object.keys(base)) {
    const { [key]: _gone, ...without } = base;
    out.push(without);
    for (const value of VALUES) out.push({ ...base, [key]: value });
  }
  return out;
}

const { checkInPlace, schema } = MetricsObserved;
const agree = (input: unknown) => {
  const zod = schema.safeParse(structuredClone(input));
  const inPlace = structuredClone(input);
  expect({ input, accepted: checkInPlace!(inPlace) }).toEqual({ input, accepted: zod.success });
  // Keys the schema strips stay in place; everything the schema yields is there, defaults included.
  if (zod.success) expect(inPlace).toMatchObject(zod.data);
};

describe('contracts - MetricsObserved checked in place', () => {
  it('contracts - the in-place check accepts exactly what the schema accepts, sample field by field', () => {
    const inputs = variants(sample()).map((s) => data([sample(), s]));
    expect(inputs.length).toBeGreaterThan(150);
    for (const input of inputs) agree(input);
  });

  it('contracts - the in-place check accepts exactly what the schema accepts, event field by field', () => {
    for (const input of variants(data())) agree(input);
    agree(data(Array.from({ length: 6000 }, sample)));
    agree(data(Array.from({ length: 6001 }, sample)));
    agree(data([]));
    agree([data()]);
  });

  it('contracts - a decoded MetricsObserved has the defaults the schema gives, and a bad sample its reason', () => {
    const { instance: _none, ...withoutInstance } = sample();
    const event = newEvent(
      'MetricsObserved',
      { ...data(), samples: [sample()] },
      { subject: 'c1', source: 'test', traceId: 'tr' },
    );
    const wire = JSON.stringify({ ...event, data: data([withoutInstance]) });
    expect(decodeEvent(wire).data).toEqual(data([{ ...withoutInstance, instance: '' }]));
    const bad = JSON.stringify({ ...event, data: data([sample(), { ...sample(), value: 'x' }]) });
    expect(() => decodeEvent(bad)).toThrow(/the value is not a finite number \(x\)[^]*samples\[1\]\.value/);
  });
});
