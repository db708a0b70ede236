import { hourly } from './series-stats';

const SHADES = ' .:-=+*#%@';

/**
 * A VM's hourly mean CPU as text, one line per day (00h to 23h, UTC from step 0), shaded from blank (0 %) to "@"
 * (the VM's own maximum), with the day's max in %: enough to see by eye whether a label holds.
 */
export function dayByHourChart(cpuAvg: Float64Array): string {
  const hours = hourly(cpuAvg, 'mean');
  let top = 0;
  for (const v of hours) if (v > top) top = v;
  const lines = [`        0h    6h    12h   18h     day max % ("@" = ${top.toFixed(1)} %)`];
  const days = Math.ceil(hours.length / 24);
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  for (let d = 0; d < days; d++) {
    const day = hours.subarray(d * 24, (d + 1) * 24);
    let row = '';
    let dayMax = 0;
    for (const v of day) {
      if (!Number.isFinite(v)) {
        row += '?';
        continue;
      }
      dayMax = Math.max(dayMax, v);
      row += SHADES[top > 0 ? Math.min(SHADES.length - 1, Math.round((v / top) * (SHADES.length - 1))) : 0];
    }
    lines.push(`${String(d).padStart(2)} ${weekday[d % 7]} |${row.padEnd(24)}| ${dayMax.toFixed(1)}`);
  }
  return lines.join('\n');
}
