import type { RawEntity } from '@justfit/events';
import type { RowEntity } from './csv-layout';

const number = (text: string | undefined) => {
  const n = Number(text);
  return text !== undefined && Number.isFinite(n) && n >= 0 ? n : 0;
};

/**
 * The inventory an import declares for the entities of its file, so that its samples refer to known entities. Sizes
 * come from the wide form's attribute columns when present; what a file cannot say stays empty or zero.
 */
export function importedEntity(e: RowEntity): RawEntity {
  const name = e.attributes.name ?? e.id;
  switch (e.kind) {
    case 'vm':
      return {
        kind: 'vm',
        id: e.id,
        name,
        datacenter: '',
        clusterId: e.attributes.cluster ?? null,
        hostId: e.attributes.host ?? null,
        uuid: '',
        cpuCount: Math.round(number(e.attributes.cpu_count)),
        memoryMb: number(e.attributes.memory_mb),
        diskGb: number(e.attributes.disk_gb),
        powerState: e.attributes.power_state ?? 'poweredOn',
        guestOs: '',
        ipAddress: '',
        isTemplate: false,
        overallStatus: 'gray',
        toolsStatus: '',
        createdAt: null,
        powerStateChangedAt: null,
      };
    case 'host':
      return {
        kind: 'host',
        id: e.id,
        name,
        clusterId: null,
        datacenter: '',
        ipAddress: '',
        cpuCores: 0,
        cpuMhz: 0,
        memoryMb: 0,
        numVms: 0,
        powerState: 'poweredOn',
        connectionState: 'connected',
        overallStatus: 'gray',
      };
    case 'cluster':
      return {
        kind: 'cluster',
        id: e.id,
        name,
        datacenter: '',
        totalCpuMhz: 0,
        totalMemoryMb: 0,
        numHosts: 0,
        numVms: 0,
        haEnabled: false,
        drsEnabled: false,
      };
    case 'datastore':
      return { kind: 'datastore', id: e.id, name, datacenter: '', type: '', capacityGb: 0, freeGb: 0 };
  }
}
