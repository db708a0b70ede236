import { azureShutdown } from './idle-azure';
import { costExplorerIdle, trustedAdvisorLowUtilisation } from './idle-aws';
import { gcpIdle } from './idle-gcp';
import { recurringJob, type RecurringJob } from './recurring-job';
import { rightsizeReference, type RightsizeReference } from './rightsize-reference';
import { tidalReference, type TidalReference } from './tidal-reference';
import type { IdleVerdict, VmSeries } from './vm-series';

export interface VmLabels {
  name: string;
  vcpus: number;
  steps: number;
  periodHours?: number;
  idle: {
    gcp: IdleVerdict;
    azure: IdleVerdict;
    costExplorer: IdleVerdict;
    /** Low utilisation (Trusted Advisor): lenient, not an idle rule. */
    trustedAdvisor: IdleVerdict;
    /** Idle by at least one of the published idle rules: GCP, Azure Advisor shutdown or AWS Cost Explorer. */
    byIdleRule: boolean;
  };
  recurring: RecurringJob;
  tidal: TidalReference;
  rightsize: RightsizeReference;
}

/** Every reference label of one VM. */
export function labelVm(name: string, series: VmSeries, vcpus: number, periodHours?: number): VmLabels {
  const gcp = gcpIdle(series, { vcpus });
  const azure = azureShutdown(series, { vcpus });
  const costExplorer = costExplorerIdle(series);
  const recurring = recurringJob(series.cpuAvg);
  const labels: VmLabels = {
    name,
    vcpus,
    steps: series.cpuAvg.length,
    idle: {
      gcp,
      azure,
      costExplorer,
      trustedAdvisor: trustedAdvisorLowUtilisation(series),
      byIdleRule: gcp.idle || azure.idle || costExplorer.idle,
    },
    recurring,
    tidal: tidalReference(series.cpuAvg, recurring.daily || recurring.weekly),
    rightsize: rightsizeReference(series.cpuAvg, vcpus),
  };
  if (periodHours !== undefined) labels.periodHours = periodHours;
  return labels;
}
