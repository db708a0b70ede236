import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_TIDAL_POLICY, type TidalPolicy } from '../src/policies/policy';
import { autocorrelation } from '../src/tidal/periodicity';
import { detectTidal, prepareGrid } from '../src/tidal/tidal.rule';

/**
 * The tidal detector on real traces: Azure Public Dataset V1 (Cortez et al., "Resource Central", SOSP 2017, CC-BY-4.0),
 * as repackaged by DataCenterSim. 5-minute CPU averages are folded into hourly means (what metric_hourly would hold)
 * and run through the same preparation and detector as the product. The period labels of periodic_avg_78 are noisy
 * (see the data README): we report agreement per label, not accuracy.
 */

export const AZURE_DIR = '/work/shared/data/azure_v1_sample';
/** The traces have no timestamps; step 0 is placed on a Monday 00:00 UTC (it only affects the reported peak hours). */
const START_HOUR = Date.UTC(2026, 0, 5) / 3_600_000;

export function readTrace(file: string): { columns: string[]; series: Float64Array[] } {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  const columns = lines[0]!.split(',').slice(1);
  const rows = lines.slice(1).map((line) => line.split(',').slice(1).map(Number));
  const hours = Math.floor(rows.length / 12);
  const series = columns.map((_, c) => {
    const hourly = new Float64Array(hours);
    for (let h = 0; h < hours; h++) {
      let sum = 0;
      let n = 0;
      for (let k = 0; k < 12; k++) {
        const v = rows[h * 12 + k]![c]!;
        if (Number.isFinite(v)) {
          sum += v;
          n++;
        }
      }
      hourly[h] = n ? sum / n : Number.NaN;
    }
    return hourly;
  });
  return { columns, series };
}

interface Tally {
  n: number;
  daily: number;
  weekly: number;
  acf24Above03: number;
}

function detect(values: Float64Array, policy: TidalPolicy) {
  const dense = prepareGrid(values, START_HOUR, policy.maxGapHours);
  return { verdict: detectTidal(dense, policy), dense };
}

/**
 * The same test with the product's practicality filters off (no minimum peak-to-trough, peak hours or cycles
 * following): only the statistics (Kruskal-Wallis significance + ACF peak + minimum ACF).
 */
export const PERIODICITY_ONLY: Partial<TidalPolicy> = { minPeakDiff: 0, minPeakHours: 0, minCyclesFollowing: 0 };

export function azureAgreement(dir = AZURE_DIR, policy: TidalPolicy = DEFAULT_TIDAL_POLICY) {
  return {
    product_policy: agreement(dir, policy),
    periodicity_only: agreement(dir, { ...policy, ...PERIODICITY_ONLY }),
  };
}

function agreement(dir: string, policy: TidalPolicy) {
  const periodic = readTrace(join(dir, 'periodic_avg_78.csv.gz'));
  const byLabel: Record<string, Tally> = {};
  periodic.columns.forEach((column, i) => {
    const label = `${column.split(' ')[1]}h`;
    const tally = (byLabel[label] ??= { n: 0, daily: 0, weekly: 0, acf24Above03: 0 });
    const { verdict, dense } = detect(periodic.series[i]!, policy);
    tally.n++;
    if (verdict.kind === 'tidal') tally[verdict.evidence.cycleType]++;
    if (dense && autocorrelation(dense.values, 24) > 0.3) tally.acf24Above03++;
  });
  const microsoft = readTrace(join(dir, 'microsoft_avg_100.csv.gz'));
  const unlabelled: Tally = { n: 0, daily: 0, weekly: 0, acf24Above03: 0 };
  microsoft.columns.forEach((column, i) => {
    const { verdict, dense } = detect(microsoft.series[i]!, policy);
    unlabelled.n++;
    if (verdict.kind === 'tidal') unlabelled[verdict.evidence.cycleType]++;
    if (dense && autocorrelation(dense.values, 24) > 0.3) unlabelled.acf24Above03++;
  });
  const share = (k: number, n: number) => Math.round((k / Math.max(1, n)) * 1000) / 1000;
  const labels = Object.fromEntries(
    Object.entries(byLabel)
      .sort()
      .map(([label, t]) => [
        label,
        {
          n: t.n,
          tidal: share(t.daily + t.weekly, t.n),
          daily: share(t.daily, t.n),
          weekly: share(t.weekly, t.n),
          acf24_above_0_3: share(t.acf24Above03, t.n),
        },
      ]),
  );
  return {
    periodic_78: labels,
    microsoft_100: {
      n: unlabelled.n,
      tidal: share(unlabelled.daily + unlabelled.weekly, unlabelled.n),
      daily: share(unlabelled.daily, unlabelled.n),
      weekly: share(unlabelled.weekly, unlabelled.n),
      acf24_above_0_3: share(unlabelled.acf24Above03, unlabelled.n),
    },
    /** Agreement with the 24 h label: share of 24 h-labelled VMs detected with a daily or weekly tide. */
    agreement_24h: labels['24h']?.tidal ?? 0,
  };
}
