/**
 * One VM's (or host's) samples as the reference rules read them: 5-minute steps, step 0 at TRACE_START_MS (a Monday
 * 00:00 UTC), NaN where there is no sample. CPU is a percentage of the whole VM (all its vCPUs), as vCenter's
 * cpu.usage and the traces report it, and may exceed 100 (turbo boost).
 */
export interface VmSeries {
  /** Mean CPU % within each 5-minute step. */
  cpuAvg: Float64Array;
  /** Maximum CPU % within each 5-minute step, where the trace has it. */
  cpuMax?: Float64Array;
  /** Bytes per second received and sent (mean within the step), where the trace has network. */
  netInBps?: Float64Array;
  netOutBps?: Float64Array;
  /** Outbound network as a % of the link, where the trace reports it that way (Azure Advisor's unit). */
  netOutPct?: Float64Array;
}

/** What every idle rule answers: the verdict, a sentence a person can check, and the figures it rests on. */
export interface IdleVerdict {
  idle: boolean;
  why: string;
  figures: Record<string, number | string | boolean | null>;
}
