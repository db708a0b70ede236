import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLICKHOUSE_PLUGIN, dashboardQueries, dashboards, renderDashboard } from '../src';

const root = join(import.meta.dirname, '../../..');

describe('dashboards - the committed JSON is what the code builds', () => {
  for (const dir of ['dashboards', 'helm/justfit/files/dashboards']) {
    it(`dashboards - ${dir} is current (npm run generate:dashboards)`, () => {
      for (const [name, build] of Object.entries(dashboards)) {
        expect(readFileSync(join(root, dir, `${name}.json`), 'utf8'), `${dir}/${name}.json`).toBe(
          renderDashboard(build),
        );
      }
    });
  }

  it('dashboards - every panel reads the ClickHouse data source with SQL, and every uid is unique', () => {
    const uids = new Set<string>();
    for (const [name, build] of Object.entries(dashboards)) {
      const json = JSON.parse(renderDashboard(build)) as {
        uid: string;
        panels: Array<{ title: string; datasource: { type: string }; targets: Array<{ rawSql: string }> }>;
      };
      uids.add(json.uid);
      expect(json.panels.length, name).toBeGreaterThan(3);
      for (const panel of json.panels) {
        expect(panel.datasource.type, `${name}: ${panel.title}`).toBe(CLICKHOUSE_PLUGIN);
        expect(panel.targets[0]?.rawSql, `${name}: ${panel.title}`).toMatch(/^SELECT /);
      }
      expect(dashboardQueries(renderDashboard(build)).length).toBeGreaterThan(json.panels.length - 1);
    }
    expect(uids.size).toBe(Object.keys(dashboards).length);
  });
});
