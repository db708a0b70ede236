import type { SampleRejectionCode } from '@justfit/storage';

/** Why a record was refused, as a label for /metrics and a filter for operators. */
export type RejectionCode = SampleRejectionCode | 'unknown_entity' | 'out_of_range' | 'inconsistent';

export interface RejectedRecord {
  /** Position of the record in its source event. */
  seq: number;
  code: RejectionCode;
  /** What is wrong, for a person. */
  reason: string;
  record: unknown;
}
