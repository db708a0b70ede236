import { DEFAULT_DATABASE } from './client';
import { quoteIdentifier } from './identifiers';

/**
 * Who may do what in ClickHouse: one user per service that uses it, with only the rights its code needs. The chart
 * renders these into a users.d file for the servers (`helm/justfit/files/clickhouse-access.json`, generated from this
 * and checked by a test); docs/clickhouse.md gives the same as SQL.
 *
 * - etl is the migrating service (CLICKHOUSE_MIGRATE=true): the only one with DDL, including the raw-sample TTL it
 *   sets at start, and ON CLUSTER (the CLUSTER grant);
 * - query-api writes its read models (projections), imports and their rejected lines, and deletes an import
 *   namespace's rows (ALTER ... DELETE mutations, ON CLUSTER in cluster mode): rows, no DDL;
 * - analyzer and reporter only read, and their profile refuses writes even if a grant were widened (readonly = 2
 *   still lets the client send per-query settings).
 */
export const CLICKHOUSE_SERVICES = ['etl', 'analyzer', 'reporter', 'query-api'] as const;
export type ClickHouseService = (typeof CLICKHOUSE_SERVICES)[number];

export interface ClickHouseAccess {
  /** Privileges on the JustFit database. */
  privileges: readonly string[];
  /** Privileges on everything (`*.*`): only the cluster DDL right. */
  global?: readonly string[];
  /** A profile with readonly = 2: SELECT and settings, no writes and no DDL. */
  readonly: boolean;
}

export const CLICKHOUSE_ACCESS: Record<ClickHouseService, ClickHouseAccess> = {
  etl: {
    privileges: [
      'SELECT',
      'INSERT',
      'CREATE DATABASE',
      'CREATE TABLE',
      'CREATE VIEW',
      'ALTER TABLE',
      'ALTER VIEW',
      'SHOW TABLES',
    ],
    global: ['CLUSTER'],
    readonly: false,
  },
  'query-api': { privileges: ['SELECT', 'INSERT', 'ALTER DELETE'], global: ['CLUSTER'], readonly: false },
  analyzer: { privileges: ['SELECT'], readonly: true },
  reporter: { privileges: ['SELECT'], readonly: true },
};

/** A service's ClickHouse user name. */
export const clickhouseUser = (service: ClickHouseService) => `justfit_${service.replace('-', '_')}`;

/** The GRANT statements of a service's user, without their `TO` clause (users.d `<grants>` form). */
export function grantQueries(service: ClickHouseService, database: string = DEFAULT_DATABASE): string[] {
  const access = CLICKHOUSE_ACCESS[service];
  return [
    `GRANT ${access.privileges.join(', ')} ON ${quoteIdentifier(database)}.*`,
    ...(access.global?.length ? [`GRANT ${access.global.join(', ')} ON *.*`] : []),
  ];
}

/** The whole access model, for the chart (`npm run generate:chart-files`). */
export function accessDocument(database: string = DEFAULT_DATABASE) {
  return {
    database,
    migratingService: 'etl',
    users: Object.fromEntries(
      CLICKHOUSE_SERVICES.map((service) => [
        service,
        {
          user: clickhouseUser(service),
          grants: grantQueries(service, database),
          readonly: CLICKHOUSE_ACCESS[service].readonly,
        },
      ]),
    ),
  };
}
