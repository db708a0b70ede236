import { isRecordedEvidence } from '@justfit/events';

/**
 * Reads a finding's evidence for people. Evidence is typed per analysis type, and its shape grows with the analyses,
 * so every field is read on its own: a field that is missing or of another type shows as "—" and never fails a
 * report.
 */
export type Evidence = Record<string, unknown>;

export function numberAt(evidence: Evidence, path: string): number | null {
  const v = valueAt(evidence, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function stringAt(evidence: Evidence, path: string): string | null {
  const v = valueAt(evidence, path);
  return typeof v === 'string' ? v : null;
}

export function numbersAt(evidence: Evidence, path: string): number[] | null {
  const v = valueAt(evidence, path);
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : null;
}

export function stringsAt(evidence: Evidence, path: string): string[] | null {
  const v = valueAt(evidence, path);
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
}

function valueAt(evidence: Evidence, path: string): unknown {
  // Evidence an older analyser recorded in another shape is kept as it was under `recorded`: read the same fields.
  const fields = isRecordedEvidence(evidence) ? (evidence.recorded as Evidence) : evidence;
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Evidence)[key] : undefined),
      fields,
    );
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const fixed = (v: number | null, digits = 1) => (v === null ? null : Number(v.toFixed(digits)));
const pct = (v: number | null, digits = 1) => (v === null ? null : `${fixed(v, digits)}%`);
const share = (v: number | null) => (v === null ? null : `${fixed(v * 100, 0)}%`);
const withUnit = (v: number | null, unit: string) => (v === null ? null : `${v} ${unit}`);
const gb = (mb: number | null) => (mb === null ? null : `${fixed(mb / 1024, 1)} GB`);
const arrow = (from: string | null, to: string | null) => (from === null || to === null ? null : `${from} → ${to}`);
const ofTotal = (part: number | null, total: number | null, unit: string) =>
  part === null ? null : total === null ? `${part} ${unit}` : `${part} of ${total} ${unit}`;

/** Hours as ranges: [0,1,2,5] reads "0-2, 5". */
export function hourRanges(hours: number[]): string {
  const sorted = [...new Set(hours)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return out.join(', ');
}

/** One evidence column of a type's table: a heading and how to read it from the evidence (null: not stated). */
export interface EvidenceColumn {
  heading: string;
  read: (e: Evidence) => string | number | null;
}

export const EVIDENCE_COLUMNS: Record<string, EvidenceColumn[]> = {
  zombie: [
    { heading: 'CPU avg', read: (e) => pct(numberAt(e, 'cpuUsageAvg'), 2) },
    { heading: 'CPU p95', read: (e) => pct(numberAt(e, 'cpuUsageP95'), 2) },
    { heading: 'Idle days', read: (e) => ofTotal(numberAt(e, 'idleDays'), numberAt(e, 'historyDays'), 'days') },
    { heading: 'Active memory', read: (e) => pct(numberAt(e, 'memActiveAvgPct'), 1) },
    {
      heading: 'Network avg',
      read: (e) => withUnit(fixed(numberAt(e, 'networkAvgKbps')), 'kbps'),
    },
    { heading: 'Power', read: (e) => stringAt(e, 'powerState') },
  ],
  rightsize: [
    {
      heading: 'vCPU',
      read: (e) =>
        arrow(
          numberAt(e, 'currentConfig.vcpu')?.toString() ?? null,
          numberAt(e, 'recommended.vcpu')?.toString() ?? null,
        ),
    },
    { heading: 'Memory', read: (e) => arrow(gb(numberAt(e, 'currentConfig.mem')), gb(numberAt(e, 'recommended.mem'))) },
    { heading: 'CPU p95', read: (e) => pct(numberAt(e, 'utilization.cpuP95')) },
    { heading: 'Memory peak', read: (e) => pct(numberAt(e, 'utilization.memP95')) },
    { heading: 'Demand (cores)', read: (e) => fixed(numberAt(e, 'cpuDemandCores'), 2) },
    { heading: 'Peak (cores)', read: (e) => fixed(numberAt(e, 'cpuPeakCores'), 2) },
    { heading: 'History', read: (e) => withUnit(numberAt(e, 'historyDays'), 'days') },
  ],
  tidal: [
    { heading: 'Cycle', read: (e) => stringAt(e, 'cycleType') },
    {
      heading: 'Peak',
      read: (e) => {
        const days = numbersAt(e, 'peakDays');
        if (stringAt(e, 'cycleType') === 'weekly' && days) return days.map((d) => DAYS[d] ?? `day ${d}`).join(', ');
        const hours = numbersAt(e, 'peakHours');
        return hours ? `${hourRanges(hours)} h` : null;
      },
    },
    {
      heading: 'Peak vs off-peak',
      read: (e) => arrow(pct(numberAt(e, 'peakLevel')), pct(numberAt(e, 'offPeakLevel'))),
    },
    { heading: 'Stability', read: (e) => fixed(numberAt(e, 'stability'), 2) },
    {
      heading: 'Cycles followed',
      read: (e) => ofTotal(numberAt(e, 'cyclesFollowing'), numberAt(e, 'cyclesJudged'), 'cycles'),
    },
    { heading: 'ACF', read: (e) => fixed(numberAt(e, 'acf'), 2) },
  ],
  health: [
    { heading: 'Score', read: (e) => fixed(numberAt(e, 'score'), 0) },
    { heading: 'Level', read: (e) => stringAt(e, 'level') },
    { heading: 'Hotspots', read: (e) => stringsAt(e, 'hotspots')?.join(', ') || null },
    { heading: 'vCPU per core', read: (e) => fixed(numberAt(e, 'vcpuPerCore'), 2) },
    { heading: 'Memory allocated', read: (e) => share(numberAt(e, 'memAllocRatio')) },
    { heading: 'Hosts', read: (e) => numberAt(e, 'hosts') },
  ],
};

/** The evidence of a type the report has no columns for: its plain top-level values. */
export function plainEvidence(evidence: Evidence): Array<[string, string]> {
  return Object.entries(evidence)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 8)
    .map(([k, v]) => [k, String(v)]);
}
