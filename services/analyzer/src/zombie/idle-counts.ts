/** What the zombie rule's first pass counts per VM over a span of time; spans add up. */
export interface IdleCounts {
  connectionId: string;
  entityId: string;
  /** CPU samples, and the first and last of them (epoch ms; 0 when there are none). */
  samples: number;
  firstTs: number;
  lastTs: number;
  /** CPU samples under GCP's idle line for this VM's vCPU count, and under Azure's P95 line. */
  underGcp: number;
  underAzure: number;
  netSamples: number;
  netIdle: number;
}

export const countsKey = (row: { connectionId: string; entityId: string }) => `${row.connectionId}/${row.entityId}`;

/** The counts of two disjoint spans of one VM. */
export function addCounts(a: IdleCounts, b: IdleCounts): IdleCounts {
  const spans = [a, b].filter((c) => c.samples > 0);
  return {
    connectionId: a.connectionId,
    entityId: a.entityId,
    samples: a.samples + b.samples,
    firstTs: spans.length ? Math.min(...spans.map((c) => c.firstTs)) : 0,
    lastTs: spans.length ? Math.max(...spans.map((c) => c.lastTs)) : 0,
    underGcp: a.underGcp + b.underGcp,
    underAzure: a.underAzure + b.underAzure,
    netSamples: a.netSamples + b.netSamples,
    netIdle: a.netIdle + b.netIdle,
  };
}
