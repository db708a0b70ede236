import * as echarts from 'echarts';
import type { RightsizeUsage, TidalProfile } from '../model/report-model';

/**
 * Charts drawn on the server by Apache ECharts into SVG strings (no browser, no script in the page). ECharts escapes
 * the text it draws, so VM and cluster names are safe inside the SVG.
 */
type Option = echarts.EChartsOption;

const FONT = 'DejaVu Sans, Arial, sans-serif';
const GREY = '#8b949e';
const CURRENT = '#cf222e';
const RECOMMENDED = '#1a7f37';

function svg(option: Option, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const clip = (text: string, max = 28) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Horizontal bars, largest first: savings per type or per cluster. */
export function barChart(args: {
  labels: string[];
  values: number[];
  color: string;
  unit: string;
  width?: number;
}): string {
  const labels = args.labels.map((l) => clip(l));
  const height = Math.max(120, 36 * labels.length + 60);
  return svg(
    {
      grid: { left: 10, right: 90, top: 10, bottom: 30, containLabel: true },
      xAxis: { type: 'value', name: args.unit, nameLocation: 'middle', nameGap: 22, axisLabel: { color: GREY } },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { color: '#24292f' } },
      series: [
        {
          type: 'bar',
          data: args.values,
          itemStyle: { color: args.color },
          label: { show: true, position: 'right', formatter: (p) => Number(p.value).toLocaleString('en') },
        },
      ],
    },
    args.width ?? 640,
    height,
  );
}

/** A tidal VM's day: its metric per hour, with the peak hours shaded by the area under the line. */
export function tidalProfileChart(profile: TidalProfile, color: string): string {
  const zone = `UTC${profile.utcOffsetHours >= 0 ? '+' : ''}${profile.utcOffsetHours}`;
  return svg(
    {
      grid: { left: 44, right: 12, top: 36, bottom: 36 },
      title: { text: `${profile.metric}, average per hour of the day (${zone})`, textStyle: { fontSize: 11 }, left: 0 },
      xAxis: {
        type: 'category',
        data: profile.hourly.map((_, h) => `${h}`),
        axisLabel: { color: GREY, interval: 2 },
        name: 'hour',
        nameLocation: 'middle',
        nameGap: 22,
      },
      yAxis: { type: 'value', axisLabel: { color: GREY } },
      series: [
        {
          type: 'line',
          data: profile.hourly,
          connectNulls: false,
          smooth: false,
          symbol: 'none',
          lineStyle: { color, width: 2 },
          areaStyle: { color, opacity: 0.15 },
        },
      ],
    },
    480,
    200,
  );
}

/** A right-sized VM's daily use against its current and recommended size, CPU (cores) and memory (GB) side by side. */
export function rightsizeUsageCharts(usage: RightsizeUsage, color: string): string[] {
  const panel = (
    title: string,
    values: Array<number | null>,
    current: number | null,
    recommended: number | null,
  ): string => {
    const flat = (v: number | null) => usage.days.map(() => v);
    return svg(
      {
        title: { text: title, textStyle: { fontSize: 11 }, left: 0 },
        legend: { bottom: 0, textStyle: { fontSize: 10 }, itemWidth: 14 },
        grid: { left: 40, right: 12, top: 36, bottom: 52 },
        xAxis: { type: 'category', data: usage.days.map((d) => d.slice(5)), axisLabel: { color: GREY } },
        yAxis: { type: 'value', min: 0, axisLabel: { color: GREY } },
        series: [
          { name: 'used', type: 'bar', data: values, itemStyle: { color } },
          ...(current === null
            ? []
            : [
                {
                  name: 'current',
                  type: 'line' as const,
                  data: flat(current),
                  symbol: 'none',
                  itemStyle: { color: CURRENT },
                  lineStyle: { color: CURRENT },
                },
              ]),
          ...(recommended === null
            ? []
            : [
                {
                  name: 'recommended',
                  type: 'line' as const,
                  data: flat(recommended),
                  symbol: 'none',
                  itemStyle: { color: RECOMMENDED },
                  lineStyle: { color: RECOMMENDED, type: 'dashed' as const },
                },
              ]),
        ],
      },
      340,
      200,
    );
  };
  return [
    panel('CPU: daily p95 (cores)', usage.cpuP95Cores, usage.vcpu.current, usage.vcpu.recommended),
    panel('Memory: daily active peak (GB)', usage.memActivePeakGb, usage.memoryGb.current, usage.memoryGb.recommended),
  ];
}
