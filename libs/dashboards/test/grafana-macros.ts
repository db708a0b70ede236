/**
 * What Grafana's ClickHouse data source does to a query before ClickHouse sees it, for the macros and variables the
 * dashboards use: the time range and interval macros become ClickHouse expressions (as the plugin writes them), and
 * `${var}` / `${var:singlequote}` become the variable's chosen values.
 */
export interface GrafanaScope {
  from: number;
  to: number;
  /** The interval the panel's width gives ($__timeInterval), in seconds. */
  intervalSec: number;
  variables: Record<string, string[]>;
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function expandMacros(sql: string, scope: GrafanaScope): string {
  const from = `toDateTime(${seconds(scope.from)})`;
  const to = `toDateTime(${seconds(scope.to)})`;
  const expanded = sql
    .replace(/\$__timeFilter\(([^)]+)\)/g, (_, col: string) => `${col} >= ${from} AND ${col} <= ${to}`)
    .replace(
      /\$__timeInterval\(([^)]+)\)/g,
      (_, col: string) => `toStartOfInterval(toDateTime(${col}), INTERVAL ${scope.intervalSec} second)`,
    )
    .replace(/\$__fromTime\b/g, from)
    .replace(/\$__toTime\b/g, to)
    .replace(/\$\{(\w+)(?::(\w+))?\}/g, (_, name: string, format: string | undefined) => {
      const values = scope.variables[name];
      if (!values) throw new Error(`the query uses \${${name}}, which the dashboard does not define`);
      if (format === 'singlequote') return values.map(quote).join(',');
      if (format) throw new Error(`variable format ${format} is not one the dashboards use`);
      return values.join(',');
    });
  const left = /\$__\w+|\$\{?\w+/.exec(expanded);
  if (left) throw new Error(`unexpanded macro or variable ${left[0]} in:\n${expanded}`);
  return expanded;
}
