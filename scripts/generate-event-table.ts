/**
 * Writes the event table of docs/architecture.md from the catalogue and the services' declarations
 * (libs/events/src/topology): `npm run generate:event-table`. A unit test fails while the table is not current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractFileReader, renderEventTable, withEventTable } from '@justfit/events';
import { repoRoot } from '@justfit/launcher';

const path = join(repoRoot, 'docs/architecture.md');
const table = renderEventTable(contractFileReader(join(repoRoot, 'libs/events/src/contracts')));
writeFileSync(path, withEventTable(readFileSync(path, 'utf8'), table));
process.stdout.write('docs/architecture.md\n');
