import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DatasourceVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

/** The plugin id of Grafana's official ClickHouse data source. */
export const CLICKHOUSE_PLUGIN = 'grafana-clickhouse-datasource';

/** Every panel reads the ClickHouse data source chosen in the dashboard's `datasource` variable. */
export const CLICKHOUSE: DataSourceRef = { type: CLICKHOUSE_PLUGIN, uid: '${datasource}' };

export const datasourceVariable = () =>
  new DatasourceVariableBuilder('datasource').label('ClickHouse').type(CLICKHOUSE_PLUGIN);

/** How the data source shapes a query's rows: a time series (a `time` column, values, string labels) or a table. */
export type ResultShape = 'timeseries' | 'table';

/** The SQL editor query of the ClickHouse data source (its `CHSqlQuery`), which the foundation SDK has no type for. */
export interface ClickHouseSqlQuery extends cog.Dataquery {
  refId: string;
  datasource: DataSourceRef;
  editorType: 'sql';
  queryType: 'timeseries' | 'table';
  /** The plugin's Format: 0 time series, 1 table. */
  format: 0 | 1;
  rawSql: string;
}

export class ClickHouseQueryBuilder implements cog.Builder<ClickHouseSqlQuery> {
  private readonly query: ClickHouseSqlQuery;

  constructor(rawSql: string, shape: ResultShape = 'table') {
    this.query = {
      refId: 'A',
      datasource: CLICKHOUSE,
      editorType: 'sql',
      queryType: shape,
      format: shape === 'timeseries' ? 0 : 1,
      rawSql: rawSql.trim(),
      _implementsDataqueryVariant: () => undefined,
    };
  }

  refId(refId: string): this {
    this.query.refId = refId;
    return this;
  }

  build(): ClickHouseSqlQuery {
    return { ...this.query };
  }
}

export const sql = (rawSql: string, shape: ResultShape = 'table') => new ClickHouseQueryBuilder(rawSql, shape);
