/**
 * Writes the chart's files that are generated from code, so the chart and the services cannot disagree:
 *   helm/justfit/files/nats-permissions.json   the NATS subject permissions of each service and agent
 *   helm/justfit/files/clickhouse-access.json  the ClickHouse user and grants of each service
 * Run after changing libs/events/src/jetstream/permissions.ts or libs/storage/src/access.ts:
 * `npm run generate:chart-files`. The tests fail while a file differs from what the code defines.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsDocument } from '@justfit/events';
import { repoRoot } from '@justfit/launcher';
import { accessDocument } from '@justfit/storage';

export const chartFiles = {
  'nats-permissions.json': () => `${JSON.stringify(permissionsDocument(), null, 2)}\n`,
  'clickhouse-access.json': () => `${JSON.stringify(accessDocument(), null, 2)}\n`,
};

for (const [name, render] of Object.entries(chartFiles)) {
  writeFileSync(join(repoRoot, 'helm/justfit/files', name), render());
  process.stdout.write(`helm/justfit/files/${name}\n`);
}
