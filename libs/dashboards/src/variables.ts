import { QueryVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { CLICKHOUSE } from './clickhouse';

/**
 * Variable queries answer `__value` (what the panels' SQL gets) and `__text` (what people pick from), so a menu shows
 * names while the SQL filters on ids.
 */
const queryVariable = (name: string, label: string, query: string) =>
  new QueryVariableBuilder(name)
    .label(label)
    .datasource(CLICKHOUSE)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalCaseInsensitiveAsc);

export const CONNECTION_VARIABLE_SQL =
  'SELECT connection_id AS __value, connection_name AS __text FROM connections_latest ORDER BY connection_name';

/** The connections (estates) shown; all by default. Panels filter with `connection_id IN (${connection:singlequote})`. */
export const connectionVariable = () =>
  queryVariable('connection', 'Connection', CONNECTION_VARIABLE_SQL).multi(true).includeAll(true);

export const IN_CONNECTIONS = 'connection_id IN (${connection:singlequote})';

export const VM_VARIABLE_SQL = `SELECT vm_id AS __value, concat(vm_name, ' (', connection_name, ')') AS __text
FROM vms_named WHERE ${IN_CONNECTIONS} ORDER BY vm_name`;

/** One VM, picked by name. */
export const vmVariable = () => queryVariable('vm', 'VM', VM_VARIABLE_SQL);
