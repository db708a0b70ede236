import type { Migration } from './migration';

/** The site whose agents collect a connection, so people can read back where its collections run. */
export const connectionSite: Migration = {
  version: 11,
  name: 'connection_site',
  statements: [
    {
      kind: 'alter',
      table: 'connections',
      action: `ADD COLUMN IF NOT EXISTS site LowCardinality(String) DEFAULT 'default' AFTER verify_tls`,
      changes: 'columns',
    },
  ],
};
