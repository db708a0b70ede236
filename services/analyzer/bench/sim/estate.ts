import { type Rng, hashString, seededRng } from '../../src/tidal/random';

/**
 * A labelled simulated estate, reproducible from a seed. Every VM has a class (the ground truth for zombie and
 * tidal) and a latent workload: CPU demand in cores and active memory in MB per 5-minute step. What the analyzers see
 * is what vCenter would report: usage capped at the VM's vCPUs, unmet demand as CPU ready, active and consumed memory,
 * disk and network throughput. The right-size truth is computed from the latent workload, never from the samples.
 */

export type VmClass =
  | 'zombie'
  | 'idle-nightly-job'
  | 'powered-off'
  | 'recently-off'
  | 'oversized'
  | 'undersized'
  | 'daily-tidal'
  | 'weekly-tidal'
  | 'noisy'
  | 'steady'
  | 'light-steady'
  | 'near-idle-tide';

/**
 * Share of each class in the estate. Besides the textbook cases, the ones real estates are full of: idle VMs whose only
 * activity is a job at the same hour every night (working, not zombies), VMs used lightly but steadily (a few % of
 * their vCPUs: right-size, not zombie), and near-idle VMs with a small daily rhythm (somebody uses them by day: not
 * zombies, and too small a tide to schedule around).
 */
export const CLASS_MIX: Array<[VmClass, number]> = [
  ['zombie', 0.08],
  ['idle-nightly-job', 0.05],
  ['powered-off', 0.04],
  ['recently-off', 0.01],
  ['oversized', 0.13],
  ['undersized', 0.08],
  ['daily-tidal', 0.12],
  ['weekly-tidal', 0.08],
  ['noisy', 0.13],
  ['steady', 0.14],
  ['light-steady', 0.08],
  ['near-idle-tide', 0.06],
];

export type ClusterKind = 'healthy' | 'hotspot' | 'overcommitted';

export interface SimCluster {
  id: string;
  name: string;
  kind: ClusterKind;
}
export interface SimHost {
  id: string;
  name: string;
  clusterId: string;
  cpuCores: number;
  memoryMb: number;
  /** Ground truth: sustained high CPU or memory. */
  hot: boolean;
}
export interface SimVm {
  index: number;
  id: string;
  name: string;
  cls: VmClass;
  clusterId: string;
  hostId: string;
  cpuCount: number;
  memoryMb: number;
  diskGb: number;
  powerState: 'poweredOn' | 'poweredOff';
  powerStateChangedAt: number | null;
  /** Weekly tides: office hours on weekdays, or a weekend batch. */
  variant?: string;
}

export interface Estate {
  seed: number;
  /** End of the window (a Monday 00:00 UTC) and its length. */
  now: number;
  days: number;
  stepMs: number;
  clusters: SimCluster[];
  hosts: SimHost[];
  vms: SimVm[];
}

export const STEP_MS = 300_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Monday 1970-01-05 00:00 UTC. */
const FIRST_MONDAY = 4 * DAY_MS;

/** The latest Monday 00:00 UTC at or before `t`: data stays within the 400-day TTL and the weekdays stay put. */
export function lastMonday(t: number): number {
  return FIRST_MONDAY + Math.floor((t - FIRST_MONDAY) / WEEK_MS) * WEEK_MS;
}

export function gaussian(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
const uniform = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng();
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

export function vmRng(estate: Pick<Estate, 'seed'>, id: string, salt = ''): Rng {
  return seededRng((estate.seed ^ hashString(id + salt)) >>> 0);
}

const VMS_PER_CLUSTER = 200;
const HOSTS_PER_CLUSTER = 8;

export function buildEstate(seed: number, vmCount: number, days: number, now: number): Estate {
  const rng = seededRng(seed);
  const clusterCount = Math.max(1, Math.ceil(vmCount / VMS_PER_CLUSTER));
  // Half healthy, 30 % with hotspot hosts, 20 % overcommitted (at least one of each kind from three clusters up).
  const kinds: ClusterKind[] = Array.from({ length: clusterCount }, (_, i) => {
    const r = i / clusterCount;
    return r < 0.5 ? 'healthy' : r < 0.8 ? 'hotspot' : 'overcommitted';
  });
  const clusters: SimCluster[] = kinds.map((kind, i) => ({ id: `cl-${i}`, name: `cluster-${i}`, kind }));
  const hosts: SimHost[] = [];
  for (const cluster of clusters) {
    const hotCount = cluster.kind === 'hotspot' ? 1 + Math.floor(rng() * 2) : 0;
    for (let h = 0; h < HOSTS_PER_CLUSTER; h++) {
      const small = cluster.kind === 'overcommitted';
      hosts.push({
        id: `${cluster.id}-h${h}`,
        name: `esx-${cluster.id}-${h}`,
        clusterId: cluster.id,
        cpuCores: small ? 16 : 64,
        memoryMb: (small ? 192 : 768) * 1024,
        hot: h < hotCount,
      });
    }
  }
  const classes: VmClass[] = [];
  for (const [cls, share] of CLASS_MIX) for (let i = 0; i < Math.round(share * vmCount); i++) classes.push(cls);
  while (classes.length < vmCount) classes.push('steady');
  classes.length = vmCount;
  // Shuffle so the classes spread over clusters and hosts.
  for (let i = classes.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [classes[i], classes[j]] = [classes[j]!, classes[i]!];
  }
  const vms: SimVm[] = classes.map((cls, index) => {
    const id = `vm-${String(index).padStart(5, '0')}`;
    const r = seededRng((seed ^ hashString(`${id}/shape`)) >>> 0);
    const cluster = clusters[Math.floor(index / VMS_PER_CLUSTER) % clusters.length]!;
    const host = hosts.filter((h) => h.clusterId === cluster.id)[index % HOSTS_PER_CLUSTER]!;
    const [cpuChoices, memChoicesGb] = SIZES[cls];
    const vm: SimVm = {
      index,
      id,
      name: `sim-${cls}-${index}`,
      cls,
      clusterId: cluster.id,
      hostId: host.id,
      cpuCount: pick(r, cpuChoices),
      memoryMb: pick(r, memChoicesGb) * 1024,
      diskGb: pick(r, [40, 80, 100, 200]),
      powerState: 'poweredOn',
      powerStateChangedAt: null,
    };
    if (cls === 'powered-off')
      Object.assign(vm, { powerState: 'poweredOff', powerStateChangedAt: now - uniform(r, 35, 300) * DAY_MS });
    if (cls === 'recently-off')
      Object.assign(vm, { powerState: 'poweredOff', powerStateChangedAt: now - uniform(r, 2, 20) * DAY_MS });
    if (cls === 'weekly-tidal') vm.variant = r() < 0.5 ? 'weekday-office' : 'weekend-batch';
    if (cls === 'daily-tidal') vm.variant = r() < 0.6 ? 'office' : 'sine';
    return vm;
  });
  return { seed, now, days, stepMs: STEP_MS, clusters, hosts, vms };
}

const SIZES: Record<VmClass, [number[], number[]]> = {
  zombie: [
    [1, 2, 4, 8],
    [2, 4, 8, 16],
  ],
  'idle-nightly-job': [
    [1, 2, 4],
    [2, 4, 8],
  ],
  'powered-off': [
    [1, 2, 4],
    [2, 4, 8],
  ],
  'recently-off': [
    [2, 4],
    [4, 8],
  ],
  oversized: [
    [8, 12, 16],
    [16, 32, 64],
  ],
  undersized: [
    [1, 2, 4],
    [2, 4, 8],
  ],
  'daily-tidal': [
    [2, 4, 8],
    [4, 8, 16],
  ],
  'weekly-tidal': [
    [2, 4, 8],
    [4, 8, 16],
  ],
  noisy: [
    [2, 4, 8],
    [4, 8, 16],
  ],
  steady: [
    [2, 4, 8],
    [4, 8, 16],
  ],
  'light-steady': [
    [2, 4, 8],
    [4, 8, 16],
  ],
  'near-idle-tide': [
    [1, 2, 4],
    [2, 4, 8],
  ],
};

/** One VM's 5-minute series over the window: the latent workload and the metrics as collected. */
export interface VmSeries {
  /** Latent CPU demand (cores) and active memory (MB): the truth. */
  demandCores: Float64Array;
  activeMb: Float64Array;
  /** As collected (metric name -> values); steps after a power-off are NaN (not collected). */
  metrics: Record<
    'cpu.usage_pct' | 'cpu.ready_pct' | 'mem.active_mb' | 'mem.consumed_mb' | 'disk.kbps' | 'net.kbps',
    Float64Array
  >;
  /** Each step's timestamp when the VM's clock jumped (otherwise `stepTime`). */
  timestamps?: Float64Array;
  /** Steps whose samples are delivered twice. */
  duplicates?: Uint32Array;
}

export function stepTime(estate: Estate, step: number): number {
  return estate.now - estate.days * DAY_MS + step * estate.stepMs;
}

/** Smooth 0..1 plateau between `start` and `start + length` hours of the day (logistic edges, ~1 h wide). */
function plateau(hour: number, start: number, length: number): number {
  const d = (((hour - start) % 24) + 24) % 24;
  const rise = 1 / (1 + Math.exp(-(d - 0.5) * 4));
  const fall = 1 / (1 + Math.exp((d - length + 0.5) * 4));
  return d < length + 3 ? rise * fall : 0;
}

export function generateVm(estate: Estate, vm: SimVm): VmSeries {
  const steps = Math.round((estate.days * DAY_MS) / estate.stepMs);
  const rng = vmRng(estate, vm.id, '/series');
  const p = vmRng(estate, vm.id, '/params');
  const vcpu = vm.cpuCount;
  const memMb = vm.memoryMb;
  const demand = new Float64Array(steps);
  const active = new Float64Array(steps);
  const disk = new Float64Array(steps);
  const net = new Float64Array(steps);
  let ar = 0;

  // Per-class parameters.
  const low = uniform(p, 0.08, 0.2);
  const high = uniform(p, 0.45, 0.85);
  const start = uniform(p, 6, 11);
  const length = uniform(p, 6, 12);
  const level = uniform(p, 0.15, 0.45);
  // An idle guest's housekeeping (timers, agents) takes a few thousandths of a core, whatever the VM's size.
  const idleCpu = uniform(p, 0.003, 0.015) / vcpu;
  const idleGuest = vm.cls === 'zombie' || vm.cls === 'idle-nightly-job' || vm.cls === 'near-idle-tide';
  const memShare =
    vm.cls === 'oversized'
      ? uniform(p, 0.1, 0.35)
      : vm.cls === 'undersized'
        ? uniform(p, 0.85, 0.98)
        : idleGuest
          ? uniform(p, 0.02, 0.08)
          : uniform(p, 0.25, 0.6);
  const lightLoad = uniform(p, 0.025, 0.07);
  const smallTide = uniform(p, 0.025, 0.06);
  const backupHour = uniform(p, 1, 3);
  const backupMinutes = uniform(p, 10, 45);
  const overLoad = uniform(p, 0.05, 0.2);
  const underLoad = uniform(p, 0.85, 1.1);
  const steadyLoad = uniform(p, 0.45, 0.65);
  const io = uniform(p, 300, 3000);
  // Noisy VMs: bursts at random times (about one a day), 15-120 minutes, +20..60 % of the VM.
  const burst = new Float64Array(steps);
  if (vm.cls === 'noisy') {
    for (let s = Math.floor(uniform(p, 0, 288)); s < steps; s += Math.floor(uniform(p, 50, 550))) {
      const len = Math.floor(uniform(p, 3, 24));
      const size = uniform(p, 0.2, 0.6);
      for (let k = s; k < Math.min(steps, s + len); k++) burst[k] = size;
    }
  }

  for (let s = 0; s < steps; s++) {
    const t = stepTime(estate, s);
    const hour = (t % DAY_MS) / 3_600_000;
    const dow = Math.floor((t - FIRST_MONDAY) / DAY_MS) % 7;
    const n = gaussian(rng);
    let util = 0;
    let mem = memShare;
    let ioLevel = 1;
    switch (vm.cls) {
      case 'zombie':
      case 'idle-nightly-job':
      case 'powered-off': {
        util = idleCpu * (1 + 0.3 * n);
        ioLevel = 0;
        if (vm.cls === 'idle-nightly-job') {
          const jitter = ((hashString(`${vm.id}/${Math.floor(t / DAY_MS)}`) % 21) - 10) / 60;
          const into = hour - (backupHour + jitter);
          if (into >= 0 && into < backupMinutes / 60) {
            util = 0.3 + 0.3 * Math.abs(n);
            ioLevel = -1;
          }
        }
        break;
      }
      case 'oversized':
        ar = 0.95 * ar + 0.3 * n;
        util = overLoad * (1 + 0.4 * ar);
        break;
      case 'undersized':
        ar = 0.9 * ar + 0.05 * n;
        util = underLoad + ar;
        mem = memShare * (1 + 0.01 * n);
        break;
      case 'daily-tidal': {
        const shape =
          vm.variant === 'sine'
            ? 0.5 + 0.5 * Math.sin((2 * Math.PI * (hour - start)) / 24)
            : plateau(hour, start, length);
        ar = 0.8 * ar + 0.03 * n;
        util = low + (high - low) * shape + ar;
        mem = memShare * (0.7 + 0.3 * shape);
        break;
      }
      case 'weekly-tidal': {
        const weekend = dow >= 5;
        const shape = vm.variant === 'weekday-office' ? (weekend ? 0 : plateau(hour, start, length)) : weekend ? 1 : 0;
        ar = 0.8 * ar + 0.03 * n;
        util = low + (high - low) * shape + ar;
        mem = memShare * (0.7 + 0.3 * shape);
        break;
      }
      case 'noisy':
        ar = 0.98 * ar + 0.04 * n;
        util = level + ar + burst[s]!;
        break;
      case 'recently-off':
      case 'steady':
        util = steadyLoad * (1 + 0.05 * n);
        break;
      case 'light-steady':
        util = lightLoad * (1 + 0.1 * n);
        break;
      case 'near-idle-tide': {
        const shape = plateau(hour, start, length);
        util = idleCpu * (1 + 0.3 * n) + smallTide * shape;
        // Idle at night; by day somebody works on it, with a little traffic.
        ioLevel = shape > 0.5 ? 1 : 0;
        break;
      }
    }
    demand[s] = Math.max(0, util) * vcpu;
    active[s] = Math.max(64, Math.min(memMb, mem * memMb));
    const busy = Math.min(1, Math.max(0, util));
    disk[s] =
      ioLevel === 0
        ? uniform(rng, 5, 40)
        : ioLevel < 0
          ? uniform(rng, 20_000, 60_000)
          : io * (0.2 + busy) * (1 + 0.2 * Math.abs(gaussian(rng)));
    // An idle VM's traffic is ARP, NTP and an agent's heartbeat: mostly under 1 KB/s.
    net[s] =
      ioLevel === 0
        ? 0.2 + 1.2 * rng() ** 3
        : ioLevel < 0
          ? uniform(rng, 10_000, 40_000)
          : 0.7 * io * (0.2 + busy) * (1 + 0.2 * Math.abs(gaussian(rng)));
  }
  const metrics = observe(estate, vm, demand, active, disk, net, rng);
  return { demandCores: demand, activeMb: active, metrics, ...collectionFaults(estate, vm, metrics) };
}

/**
 * What collection does to real series, for a share of the VMs: outages of a few hours (gaps), a clock that jumps
 * (stepped forward by half an interval for good, and back by an hour once, so an hour of timestamps comes twice with
 * other values), and samples delivered twice. The loader keeps the first value of a repeated timestamp, as the ETL
 * does.
 */
function collectionFaults(
  estate: Estate,
  vm: SimVm,
  metrics: VmSeries['metrics'],
): Pick<VmSeries, 'timestamps' | 'duplicates'> {
  const r = vmRng(estate, vm.id, '/faults');
  const steps = metrics['cpu.usage_pct'].length;
  if (r() < 0.15) {
    for (let outages = 1 + Math.floor(r() * 3); outages > 0; outages--) {
      const from = Math.floor(r() * steps);
      const to = Math.min(steps, from + Math.floor(uniform(r, 24, 144)));
      for (const values of Object.values(metrics)) values.fill(Number.NaN, from, to);
    }
  }
  let timestamps: Float64Array | undefined;
  if (r() < 0.1) {
    timestamps = Float64Array.from({ length: steps }, (_, s) => stepTime(estate, s));
    const forward = Math.floor(r() * steps);
    for (let s = forward; s < steps; s++) timestamps[s]! += estate.stepMs / 2;
    const back = Math.floor(r() * (steps - 12));
    for (let s = back; s < steps; s++) timestamps[s]! -= 12 * estate.stepMs;
  }
  let duplicates: Uint32Array | undefined;
  if (r() < 0.1) duplicates = Uint32Array.from({ length: Math.ceil(steps / 100) }, () => Math.floor(r() * steps));
  return { ...(timestamps ? { timestamps } : {}), ...(duplicates ? { duplicates } : {}) };
}

/** The metrics vCenter would report for a latent workload. */
function observe(
  estate: Estate,
  vm: SimVm,
  demand: Float64Array,
  active: Float64Array,
  disk: Float64Array,
  net: Float64Array,
  rng: Rng,
): VmSeries['metrics'] {
  const steps = demand.length;
  const vcpu = vm.cpuCount;
  // Host contention: this share of the demand waits for a physical CPU (CPU ready) instead of running.
  const contention = uniform(vmRng(estate, vm.id, '/ready'), 0.005, 0.04);
  // Half the undersized VMs run on hosts with turbo boost: usage reads a little above 100 % under full load.
  const turbo = vm.cls === 'undersized' && vmRng(estate, vm.id, '/turbo')() < 0.5 ? 1.08 : 1;
  const cacheFactor = uniform(vmRng(estate, vm.id, '/cache'), 1.3, 2.5);
  const metrics = {
    'cpu.usage_pct': new Float64Array(steps),
    'cpu.ready_pct': new Float64Array(steps),
    'mem.active_mb': new Float64Array(steps),
    'mem.consumed_mb': new Float64Array(steps),
    'disk.kbps': disk,
    'net.kbps': net,
  };
  const offFrom =
    vm.cls === 'recently-off' && vm.powerStateChangedAt !== null ? vm.powerStateChangedAt : Number.POSITIVE_INFINITY;
  let consumedPeak = 0;
  for (let s = 0; s < steps; s++) {
    if (stepTime(estate, s) >= offFrom) {
      for (const values of Object.values(metrics)) values[s] = Number.NaN;
      continue;
    }
    // Demand = what runs (usage, capped at the vCPUs) + what waits (ready: contention, and all demand beyond the vCPUs).
    const d = demand[s]!;
    const served = Math.min(d * (1 - contention * (1 + 0.3 * gaussian(rng))), vcpu);
    metrics['cpu.usage_pct'][s] = round2(
      Math.min(100 * turbo, Math.max(0, (served / vcpu) * 100 * turbo * (1 + 0.01 * gaussian(rng)))),
    );
    // Stored summed over the vCPUs, as the ETL stores vCenter's cpu.ready.summation.
    metrics['cpu.ready_pct'][s] = round2(Math.max(0, d - served) * 100);
    const a = active[s]! * (1 + 0.005 * gaussian(rng));
    metrics['mem.active_mb'][s] = Math.round(a);
    consumedPeak = Math.max(consumedPeak, Math.min(vm.memoryMb, a * cacheFactor + 300));
    metrics['mem.consumed_mb'][s] = Math.round(consumedPeak);
  }
  return metrics;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Host CPU and memory use (%) per 5-minute step: hot hosts stay above 80 % on CPU or memory; others have short spikes only. */
export function generateHost(estate: Estate, host: SimHost): { cpu: Float64Array; mem: Float64Array } {
  const steps = Math.round((estate.days * DAY_MS) / estate.stepMs);
  const rng = vmRng(estate, host.id, '/host');
  const hotOnMemory = host.hot && rng() < 0.3;
  const baseCpu = host.hot && !hotOnMemory ? uniform(rng, 86, 94) : uniform(rng, 25, 60);
  const baseMem = hotOnMemory ? uniform(rng, 86, 94) : uniform(rng, 30, 65);
  const cpu = new Float64Array(steps);
  const mem = new Float64Array(steps);
  let spike = 0;
  for (let s = 0; s < steps; s++) {
    const hour = (stepTime(estate, s) % DAY_MS) / 3_600_000;
    if (spike === 0 && rng() < 0.1 / 288) spike = 12 + Math.floor(rng() * 12);
    const extra = spike > 0 ? 30 : 0;
    if (spike > 0) spike--;
    cpu[s] = round2(
      Math.min(100, Math.max(0, baseCpu + 4 * Math.sin((2 * Math.PI * (hour - 8)) / 24) + 3 * gaussian(rng) + extra)),
    );
    mem[s] = round2(Math.min(100, Math.max(0, baseMem + 1.5 * gaussian(rng))));
  }
  return { cpu, mem };
}
