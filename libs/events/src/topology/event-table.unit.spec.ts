import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Events, Messages } from '../catalogue';
import { contractFileReader, EVENT_TABLE_END, EVENT_TABLE_START, renderEventTable } from './event-table';

const contracts = fileURLToPath(new URL('../contracts', import.meta.url));
const architecture = fileURLToPath(new URL('../../../../docs/architecture.md', import.meta.url));

describe('event table', () => {
  it('event table - docs/architecture.md holds the table the code defines (npm run generate:event-table)', () => {
    const doc = readFileSync(architecture, 'utf8');
    const current = doc.slice(doc.indexOf(EVENT_TABLE_START), doc.indexOf(EVENT_TABLE_END) + EVENT_TABLE_END.length);
    expect(current).toBe(renderEventTable(contractFileReader(contracts)));
  });

  it('event table - every event and message has a row with its contract file', () => {
    const table = renderEventTable(contractFileReader(contracts));
    for (const name of [...Object.keys(Events), ...Object.keys(Messages)]) expect(table).toContain(`| \`${name}\` |`);
    expect(table).toContain('| `FindingRaised` | 1 | FINDINGS | `justfit.findings.FindingRaised.<id>` | analyzer |');
  });
});
