import type { AnalysisType, CurrencyAndPrices } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import { healthCandidates } from '../health/health-analysis';
import type { PlacedVm } from '../estate/vm';
import type { PolicyByAnalysis } from '../policies/policy';
import { rightsizeCandidates } from '../rightsize/rightsize-analysis';
import { tidalCandidates } from '../tidal/tidal-analysis';
import type { Candidate } from '../candidates/finding-candidate';
import { zombieCandidates } from '../zombie/zombie-analysis';

export interface RunArgs<K extends AnalysisType> {
  policy: PolicyByAnalysis[K];
  /** What savings are priced at: the installation's settings when the run starts. */
  prices: CurrencyAndPrices;
  /** End of the window read: the connection's newest sample, or the caller's choice. */
  asOf: number;
  /** When the run happens (findings' analysedAt). */
  now: number;
  runId: string;
  connectionId?: string;
  /** VMs (`connectionId/vmId`) with an open finding of the type this analysis yields to (see `yieldsTo`). */
  yieldTo?: ReadonlySet<string>;
}

type Analysis<K extends AnalysisType> = (
  clickhouse: ClickHouseClient,
  vms: PlacedVm[],
  args: RunArgs<K>,
) => Promise<Candidate[]>;

interface AnalysisEntry<K extends AnalysisType> {
  candidates: Analysis<K>;
  resolvedBecause: string;
  /** Another type whose open findings take precedence for the same VM: the runner passes their VMs as `yieldTo`. */
  yieldsTo?: AnalysisType;
}

/** Every analysis type: how it finds its candidates, and what a resolved finding of it means. */
export const ANALYSES: { [K in AnalysisType]: AnalysisEntry<K> } = {
  zombie: { candidates: zombieCandidates, resolvedBecause: 'the VM is no longer idle' },
  // Resizing a VM that should be reclaimed is advice nobody needs; the runs after data lands do zombie first.
  rightsize: { candidates: rightsizeCandidates, resolvedBecause: 'the VM is now sized to its use', yieldsTo: 'zombie' },
  tidal: { candidates: tidalCandidates, resolvedBecause: 'the load no longer follows a daily or weekly cycle' },
  health: { candidates: healthCandidates, resolvedBecause: 'the cluster is healthy again' },
};
