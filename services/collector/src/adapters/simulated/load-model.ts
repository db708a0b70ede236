import type { VmBehaviour } from './estate';

/** Deterministic pseudo-random noise in [0, 1) from a string and a number (no global state, replayable). */
export function noise(key: string, t: number): number {
  let h = 2166136261 ^ Math.floor(t / 1000);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export interface LoadPoint {
  cpuPct: number;
  memPct: number;
  diskKBps: number;
  netKBps: number;
  readyMsPer20s: number;
}

/** The load a VM of a given behaviour shows at time t (ms). */
export function loadAt(behaviour: VmBehaviour, vmId: string, t: number): LoadPoint {
  const r = noise(vmId, t);
  const hour = new Date(t).getUTCHours() + new Date(t).getUTCMinutes() / 60;
  switch (behaviour) {
    case 'zombie':
      return { cpuPct: 0.5 + r, memPct: 3 + r, diskKBps: 2 + 3 * r, netKBps: 0.1 + 0.5 * r, readyMsPer20s: 5 };
    case 'zombie-with-backup': {
      const backup = hour >= 2 && hour < 3;
      return backup
        ? {
            cpuPct: 35 + 10 * r,
            memPct: 20 + 5 * r,
            diskKBps: 40_000 + 5000 * r,
            netKBps: 30_000 + 4000 * r,
            readyMsPer20s: 40,
          }
        : { cpuPct: 0.6 + r, memPct: 3 + r, diskKBps: 2 + 3 * r, netKBps: 0.1 + 0.5 * r, readyMsPer20s: 5 };
    }
    case 'daily-tidal': {
      const day = Math.max(0, Math.sin(((hour - 8) / 24) * 2 * Math.PI));
      return {
        cpuPct: 8 + 60 * day + 5 * r,
        memPct: 30 + 30 * day + 3 * r,
        diskKBps: 500 + 3000 * day,
        netKBps: 800 + 6000 * day,
        readyMsPer20s: 60 + 200 * day,
      };
    }
    case 'busy':
      return {
        cpuPct: 45 + 20 * r,
        memPct: 55 + 10 * r,
        diskKBps: 2000 + 1500 * r,
        netKBps: 3000 + 2000 * r,
        readyMsPer20s: 150 + 100 * r,
      };
    case 'powered-off':
    case 'template':
      return { cpuPct: 0, memPct: 0, diskKBps: 0, netKBps: 0, readyMsPer20s: 0 };
  }
}
