import type { AnalysisType } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import { healthCandidates } from '../health/health-analysis';
import type { PlacedVm } from '../health/health.rule';
import type { PolicyByAnalysis } from '../policies/policy';
import { rightsizeCandidates } from '../rightsize/rightsize-analysis';
import { tidalCandidates } from '../tidal/tidal-analysis';
import { type Candidate, zombieCandidates } from './zombie-analysis';

interface RunArgs<K extends AnalysisType> {
  policy: PolicyByAnalysis[K];
  now: number;
  runId: string;
  connectionId?: string;
}

type Analysis<K extends AnalysisType> = (clickhouse: ClickHouseClient, vms: PlacedVm[], args: RunArgs<K>) => Promise<Candidate[]>;

/** Every analysis type: how it finds its candidates, and what a resolved finding of it means. */
export const ANALYSES: { [K in AnalysisType]: { candidates: Analysis<K>; resolvedBecause: string } } = {
  zombie: { candidates: zombieCandidates, resolvedBecause: 'the VM is no longer idle' },
  rightsize: { candidates: rightsizeCandidates, resolvedBecause: 'the VM is now sized to its use' },
  tidal: { candidates: tidalCandidates, resolvedBecause: 'the load no longer follows a daily or weekly cycle' },
  health: { candidates: healthCandidates, resolvedBecause: 'the cluster is healthy again' },
};
