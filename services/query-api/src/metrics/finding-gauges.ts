import type { ServiceMetrics } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import { Gauge } from 'prom-client';

interface OpenFindings {
  analysis_type: string;
  risk_level: string;
  findings: string | number;
  amount: string | number;
  cpu_cores: string | number;
  memory_mb: string | number;
  disk_gb: string | number;
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

/**
 * Open findings and what they save, as gauges read from the findings read model at scrape time (one query serves
 * every gauge of a scrape). When ClickHouse does not answer, the gauges have no samples, rather than stale ones, and
 * `justfit_clickhouse_up` says why.
 */
export function registerFindingGauges(metrics: ServiceMetrics, clickhouse: ClickHouseClient): void {
  let snapshot: { at: number; rows: Promise<OpenFindings[]> } | undefined;
  const openFindings = () => {
    if (!snapshot || Date.now() - snapshot.at > 5_000) {
      const rows = clickhouse
        .query({
          query: `SELECT analysis_type, risk_level, count() AS findings, sum(savings_amount) AS amount,
            sum(savings_cpu_cores) AS cpu_cores, sum(savings_memory_mb) AS memory_mb, sum(savings_disk_gb) AS disk_gb
          FROM findings FINAL WHERE status = 'raised' GROUP BY analysis_type, risk_level`,
          format: 'JSONEachRow',
        })
        .then((r) => r.json<OpenFindings>());
      snapshot = { at: Date.now(), rows };
      rows.catch(() => (snapshot = undefined));
    }
    return snapshot.rows;
  };
  const gauge = (name: string, help: string, value: (row: OpenFindings) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['analysis_type', 'risk_level'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        const rows = await openFindings().catch(() => []);
        for (const row of rows) this.set({ analysis_type: row.analysis_type, risk_level: row.risk_level }, value(row));
      },
    });
  gauge('justfit_findings_open', 'Open findings, by analysis type and risk level.', (r) => Number(r.findings));
  gauge(
    'justfit_savings_amount',
    "What the open findings save a month (priced with the analysis policies' unit prices), by analysis type and risk level.",
    (r) => Number(r.amount),
  );
  gauge('justfit_savings_cpu_cores', 'vCPUs the open findings free.', (r) => Number(r.cpu_cores));
  gauge('justfit_savings_memory_bytes', 'Memory the open findings free.', (r) => Number(r.memory_mb) * MB);
  gauge('justfit_savings_disk_bytes', 'Disk the open findings free.', (r) => Number(r.disk_gb) * GB);
}
