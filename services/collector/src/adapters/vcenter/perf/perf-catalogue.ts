import { retrieveObjects } from '../property-collector';
import { VimFault } from '../soap/vim-fault';
import { asArray, decodeValue, num, text, type SoapNode } from '../soap/vim-values';
import type { VimClient } from '../vim-client';

export interface CounterInfo {
  key: number;
  /** `group.name.rollup`, e.g. `cpu.usage.average`: the same on every vCenter, unlike the key. */
  name: string;
  /** The unitInfo key: `percent`, `megaHertz`, `kiloBytes`, `millisecond`, `number`, ... */
  unit: string;
  level: number;
}

export interface PerfCatalogue {
  byName: Map<string, CounterInfo>;
  byKey: Map<number, CounterInfo>;
  /** Sampling periods (s) of the enabled historical intervals, ascending (e.g. 300, 1800, 7200, 86400). */
  historicalIntervals: number[];
}

/** Reads PerformanceManager.perfCounter and .historicalInterval once per connection. */
export async function loadPerfCatalogue(client: VimClient, signal?: AbortSignal): Promise<PerfCatalogue> {
  const perfManager = client.serviceContent.perfManager;
  if (!perfManager) throw new VimFault('NotSupported', 'this endpoint has no PerformanceManager');
  const [pm] = await retrieveObjects(client, [perfManager], ['perfCounter', 'historicalInterval'], signal);
  const byName = new Map<string, CounterInfo>();
  const byKey = new Map<number, CounterInfo>();
  const counters = (pm?.props.get('perfCounter') ?? {}) as SoapNode;
  for (const c of asArray(counters.PerfCounterInfo as SoapNode[] | undefined)) {
    const group = text((c.groupInfo as SoapNode | undefined)?.key);
    const name = text((c.nameInfo as SoapNode | undefined)?.key);
    const info: CounterInfo = {
      key: num(c.key) ?? -1,
      name: `${group}.${name}.${text(c.rollupType)}`,
      unit: text((c.unitInfo as SoapNode | undefined)?.key),
      level: num(c.level) ?? 1,
    };
    byKey.set(info.key, info);
    if (!byName.has(info.name)) byName.set(info.name, info);
  }
  const intervals = (pm?.props.get('historicalInterval') ?? {}) as SoapNode;
  const historicalIntervals = asArray(intervals.PerfInterval as SoapNode[] | undefined)
    .filter((i) => text(i.enabled) !== 'false')
    .map((i) => num(i.samplingPeriod) ?? 0)
    .filter((p) => p > 0)
    .sort((a, b) => a - b);
  return { byName, byKey, historicalIntervals };
}

/**
 * vCenter's cap on metrics per historical QueryPerf (`config.vpxd.stats.maxQueryMetrics`; 64 on old vCenters,
 * 256 from 6.5). When the setting is absent (as on vcsim) the conservative 64 applies; ≤ 0 means no cap.
 */
export async function loadMaxQueryMetrics(client: VimClient, fallback = 64, signal?: AbortSignal): Promise<number> {
  const setting = client.serviceContent.setting;
  if (!setting) return fallback;
  try {
    const result = await client.call('QueryOptions', setting, { name: 'config.vpxd.stats.maxQueryMetrics' }, signal);
    const option = asArray(result.returnval as SoapNode[] | undefined)[0];
    const value = num(decodeValue(option?.value));
    if (value === undefined) return fallback;
    return value <= 0 ? Number.POSITIVE_INFINITY : value;
  } catch (error) {
    if (error instanceof VimFault && (error.faultName === 'InvalidName' || error.faultName === 'NoPermission'))
      return fallback;
    throw error;
  }
}
