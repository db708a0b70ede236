import { z } from 'zod';
import { defineEvent } from '../define-event';
import { AnalysisType, EpochMs } from './common';

const PolicyName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
const Ref = { name: PolicyName, version: z.number().int().positive(), at: EpochMs };

/** Versioned analysis policies (thresholds, windows, percentiles, headroom, prices), one aggregate per name. */
export const PolicyVersionCreated = defineEvent({
  name: 'PolicyVersionCreated',
  version: 1,
  stream: 'POLICIES',
  schema: z
    .object({ ...Ref, analysisType: AnalysisType, settings: z.record(z.string(), z.unknown()), note: z.string() })
    .strict(),
});
export const PolicyVersionActivated = defineEvent({
  name: 'PolicyVersionActivated',
  version: 1,
  stream: 'POLICIES',
  schema: z.object({ ...Ref, previousVersion: z.number().int().positive().nullable() }).strict(),
});
export const PolicyVersionHidden = defineEvent({
  name: 'PolicyVersionHidden',
  version: 1,
  stream: 'POLICIES',
  schema: z.object(Ref).strict(),
});
export const PolicyVersionShown = defineEvent({
  name: 'PolicyVersionShown',
  version: 1,
  stream: 'POLICIES',
  schema: z.object(Ref).strict(),
});
export const PolicyVersionArchived = defineEvent({
  name: 'PolicyVersionArchived',
  version: 1,
  stream: 'POLICIES',
  schema: z.object(Ref).strict(),
});
