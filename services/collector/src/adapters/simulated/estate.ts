import type { RawEntity } from '@justfit/events';

/**
 * How a simulated VM behaves; the ground truth the analyzers should find. A zombie with a nightly backup is not a
 * zombie: its job runs at the same hour every night, so somebody relies on it.
 */
export type VmBehaviour = 'zombie' | 'zombie-with-backup' | 'busy' | 'daily-tidal' | 'powered-off' | 'template';

export interface SimulatedVm {
  entity: Extract<RawEntity, { kind: 'vm' }>;
  behaviour: VmBehaviour;
}

export interface SimulatedEstate {
  entities: RawEntity[];
  vms: SimulatedVm[];
}

const DAY = 86_400_000;

/** A small deterministic estate: two clusters of three hosts, and VMs of every behaviour. */
export function buildEstate(seedName: string, now: number): SimulatedEstate {
  const entities: RawEntity[] = [];
  const vms: SimulatedVm[] = [];
  const datacenter = `dc-${seedName}`;
  const plan: VmBehaviour[] = [
    'zombie',
    'busy',
    'daily-tidal',
    'busy',
    'zombie-with-backup',
    'busy',
    'busy',
    'zombie',
    'powered-off',
    'daily-tidal',
    'busy',
    'template',
  ];
  for (const [c, clusterName] of ['prod', 'dev'].entries()) {
    const clusterId = `domain-c${c + 1}`;
    const hostIds = [0, 1, 2].map((h) => `host-${c * 3 + h + 1}`);
    for (const [h, hostId] of hostIds.entries()) {
      entities.push({
        kind: 'host',
        id: hostId,
        name: `esx-${clusterName}-${h + 1}.${seedName}.local`,
        clusterId,
        datacenter,
        ipAddress: `10.${c}.0.${h + 11}`,
        cpuCores: 32,
        cpuMhz: 32 * 2600,
        memoryMb: 262_144,
        numVms: 2,
        powerState: 'poweredOn',
        connectionState: 'connected',
        overallStatus: 'green',
      });
    }
    for (const [i, behaviour] of plan.entries()) {
      const n = c * plan.length + i + 1;
      const hostId = hostIds[i % hostIds.length]!;
      const off = behaviour === 'powered-off' || behaviour === 'template';
      const vm: SimulatedVm = {
        behaviour,
        entity: {
          kind: 'vm',
          id: `vm-${n}`,
          name: `${clusterName}-${behaviour}-${i + 1}`,
          datacenter,
          clusterId,
          hostId,
          uuid: `4201${String(n).padStart(4, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`,
          cpuCount: behaviour === 'busy' ? 4 : 2,
          memoryMb: behaviour === 'busy' ? 16_384 : 8_192,
          diskGb: 80,
          powerState: off ? 'poweredOff' : 'poweredOn',
          guestOs: 'ubuntu64Guest',
          ipAddress: off ? '' : `10.${c}.1.${n}`,
          isTemplate: behaviour === 'template',
          overallStatus: 'green',
          toolsStatus: off ? 'toolsNotRunning' : 'toolsOk',
          createdAt: now - 120 * DAY,
          powerStateChangedAt: off ? now - 60 * DAY : now - 100 * DAY,
        },
      };
      vms.push(vm);
      entities.push(vm.entity);
    }
    entities.push({
      kind: 'cluster',
      id: clusterId,
      name: clusterName,
      datacenter,
      totalCpuMhz: 3 * 32 * 2600,
      totalMemoryMb: 3 * 262_144,
      numHosts: 3,
      numVms: plan.length,
      haEnabled: true,
      drsEnabled: c === 0,
    });
    entities.push({
      kind: 'datastore',
      id: `datastore-${c + 1}`,
      name: `${clusterName}-vsan`,
      datacenter,
      type: 'vsan',
      capacityGb: 20_480,
      freeGb: 8_192,
    });
  }
  return { entities, vms };
}
