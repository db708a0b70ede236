/**
 * Writes the Grafana dashboards built in libs/dashboards (Grafana's foundation SDK) as JSON:
 *   dashboards/<name>.json                     what people import into Grafana
 *   helm/justfit/files/dashboards/<name>.json  what the chart installs as ConfigMaps for Grafana's sidecar
 * Run after changing a dashboard: `npm run generate:dashboards`. The tests fail while a file differs from the code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboards, renderDashboard } from '@justfit/dashboards';
import { repoRoot } from '@justfit/launcher';

export const DASHBOARD_DIRS = ['dashboards', 'helm/justfit/files/dashboards'];

for (const dir of DASHBOARD_DIRS) {
  mkdirSync(join(repoRoot, dir), { recursive: true });
  for (const [name, build] of Object.entries(dashboards)) {
    writeFileSync(join(repoRoot, dir, `${name}.json`), renderDashboard(build));
    process.stdout.write(`${dir}/${name}.json\n`);
  }
}
