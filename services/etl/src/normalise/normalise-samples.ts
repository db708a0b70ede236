import type { RawSample } from '@justfit/events';
import { checkSample, type SampleCheckContext } from '@justfit/storage';
import type { RejectedRecord } from './rejection';
import type { SampleAssembler } from './sample-assembler';

export interface NormaliseContext extends SampleCheckContext {
  connectionId: string;
  isKnownEntity(entityId: string): boolean;
}

export interface NormaliseOutcome {
  accepted: number;
  rejected: RejectedRecord[];
  /** Entities and time span of the accepted samples. */
  entityIds: Set<string>;
  from: number;
  to: number;
}

/**
 * Validates raw samples and adds them, converted into JustFit's model, to the batch's assembler. Every sample is
 * either accepted or rejected with a code and a reason; nothing is dropped silently.
 */
export function normaliseSamples(
  samples: readonly RawSample[],
  ctx: NormaliseContext,
  into: SampleAssembler,
): NormaliseOutcome {
  const outcome: NormaliseOutcome = {
    accepted: 0,
    rejected: [],
    entityIds: new Set(),
    from: Number.POSITIVE_INFINITY,
    to: 0,
  };
  for (let seq = 0; seq < samples.length; seq++) {
    const sample = samples[seq]!;
    const refused = addSample(sample, ctx, into);
    if (refused) {
      outcome.rejected.push({ seq, record: sample, ...refused });
      continue;
    }
    outcome.accepted++;
    outcome.entityIds.add(sample.entityId);
    if (sample.timestamp < outcome.from) outcome.from = sample.timestamp;
    if (sample.timestamp > outcome.to) outcome.to = sample.timestamp;
  }
  return outcome;
}

function addSample(
  sample: RawSample,
  ctx: NormaliseContext,
  into: SampleAssembler,
): Omit<RejectedRecord, 'seq' | 'record'> | undefined {
  const verdict = checkSample(sample, ctx);
  if (!verdict.ok) return { code: verdict.code, reason: verdict.reason };
  if (!ctx.isKnownEntity(sample.entityId)) {
    return {
      code: 'unknown_entity',
      reason: `unknown ${sample.entityType} ${sample.entityId}: not in this connection's inventory`,
    };
  }
  // The counter's name is the part in the common case: no string is built per sample.
  const part = sample.instance === '' ? sample.counter : `${sample.counter}\u0000${sample.instance}`;
  into.add(
    ctx.connectionId,
    sample.entityType,
    sample.entityId,
    verdict.metric,
    sample.timestamp,
    verdict.value,
    part,
    verdict.sumsParts,
  );
  return undefined;
}
