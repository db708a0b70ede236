import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { estateOverview } from './estate-overview';
import { findingsDashboard } from './findings';
import { pipelineHealth } from './pipeline-health';
import { vmDashboard } from './vm';

export * from './clickhouse';
export * from './variables';

/** Every dashboard JustFit ships, by the name of its file in dashboards/ (and in the chart's files/dashboards/). */
export const dashboards: Record<string, () => DashboardBuilder> = {
  'estate-overview': estateOverview,
  findings: findingsDashboard,
  vm: vmDashboard,
  'pipeline-health': pipelineHealth,
};

/** The JSON Grafana imports (its classic dashboard model), as committed. */
export function renderDashboard(build: () => DashboardBuilder): string {
  return `${JSON.stringify(build().build(), null, 2)}\n`;
}

export interface DashboardQuery {
  /** Where the query sits: `panel <title>`, `variable <name>` or `annotation <name>`. */
  where: string;
  rawSql: string;
}

interface DashboardJson {
  panels?: Array<{ title?: string; targets?: Array<{ rawSql?: string }> }>;
  templating?: { list?: Array<{ name: string; type: string; query?: unknown }> };
  annotations?: { list?: Array<{ name: string; target?: { rawSql?: string } }> };
}

/** Every SQL query of a dashboard's JSON: its panels', its query variables' and its annotations'. */
export function dashboardQueries(json: string): DashboardQuery[] {
  const d = JSON.parse(json) as DashboardJson;
  return [
    ...(d.templating?.list ?? [])
      .filter((v) => v.type === 'query' && typeof v.query === 'string')
      .map((v) => ({ where: `variable ${v.name}`, rawSql: v.query as string })),
    ...(d.annotations?.list ?? [])
      .filter((a) => a.target?.rawSql)
      .map((a) => ({ where: `annotation ${a.name}`, rawSql: a.target!.rawSql! })),
    ...(d.panels ?? []).flatMap((p) =>
      (p.targets ?? []).filter((t) => t.rawSql).map((t) => ({ where: `panel ${p.title}`, rawSql: t.rawSql! })),
    ),
  ];
}
