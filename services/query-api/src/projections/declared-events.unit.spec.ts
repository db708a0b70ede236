import { QUERY_API_EVENTS } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import { allProjections } from './all-projections';

describe('projections', () => {
  it('projections - each consumes exactly the events query-api declares for it, so the topology table is true', () => {
    const durable = QUERY_API_EVENTS.consumes.filter((c) => c.durable);
    const projections = allProjections();
    expect(projections.map((p) => `query-api-${p.name}`).sort()).toEqual(durable.map((c) => c.name).sort());
    for (const projection of projections) {
      const declared = durable.find((c) => c.name === `query-api-${projection.name}`)!;
      expect([...projection.canHandle].sort(), projection.name).toEqual([...declared.events].sort());
    }
  });
});
