import type { VmLabels } from './label-vm';

/** The labels counted per file, each with the test that puts a VM in it. */
export const LABEL_TESTS: Record<string, (l: VmLabels) => boolean> = {
  idle_gcp: (l) => l.idle.gcp.idle,
  idle_azure: (l) => l.idle.azure.idle,
  idle_cost_explorer: (l) => l.idle.costExplorer.idle,
  idle_any_rule: (l) => l.idle.byIdleRule,
  low_util_trusted_advisor: (l) => l.idle.trustedAdvisor.idle,
  recurring_daily: (l) => l.recurring.daily,
  recurring_weekly: (l) => l.recurring.weekly,
  tidal_daily: (l) => l.tidal.daily.tidal,
  tidal_weekly: (l) => l.tidal.weekly.tidal,
  tidal_weekly_only: (l) => l.tidal.weekly.tidal && !l.tidal.daily.tidal,
  not_tidal: (l) => l.tidal.label === 'not_tidal',
  not_tidal_flat: (l) => l.tidal.label === 'not_tidal' && l.tidal.notTidal.flat,
  not_tidal_noisy: (l) => l.tidal.label === 'not_tidal' && l.tidal.notTidal.noisy,
  not_tidal_trending: (l) => l.tidal.label === 'not_tidal' && l.tidal.notTidal.trending,
  tidal_ambiguous: (l) => l.tidal.label === 'ambiguous',
  idle_with_recurring_job: (l) => l.idle.byIdleRule && (l.recurring.daily || l.recurring.weekly),
};
