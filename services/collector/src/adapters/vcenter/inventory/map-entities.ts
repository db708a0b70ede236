import type { RawEntity } from '@justfit/events';
import type { ObjectProps } from '../property-collector';
import { asArray, num, text, type MoRef, type SoapNode } from '../soap/vim-values';
import type { Topology } from './topology';

type RawOf<K extends RawEntity['kind']> = Extract<RawEntity, { kind: K }>;

const MB = 1024 * 1024;
const GB = 1024 * MB;

const str = (o: ObjectProps, path: string) => {
  const v = o.props.get(path);
  return v === undefined || v === null ? '' : typeof v === 'object' ? text(v) : String(v);
};
const number = (o: ObjectProps, path: string) => num(o.props.get(path)) ?? 0;
const ref = (o: ObjectProps, path: string) => o.props.get(path) as MoRef | undefined;
const epochMs = (o: ObjectProps, path: string) => {
  const t = Date.parse(str(o, path));
  return Number.isFinite(t) && t > 0 ? t : null;
};
/** A boolean inside a data object that node-soap left untyped (text 'true' / 'false'). */
const flag = (node: unknown, ...path: string[]) => {
  let cur = node;
  for (const key of path) cur = (cur as SoapNode | undefined)?.[key];
  return text(cur) === 'true';
};

export function toRawCluster(o: ObjectProps, topology: Topology, numVms: number): RawOf<'cluster'> {
  const config = o.props.get('configurationEx');
  return {
    kind: 'cluster',
    id: o.ref.value,
    name: str(o, 'name'),
    datacenter: topology.datacenterOf(ref(o, 'parent')),
    totalCpuMhz: number(o, 'summary.totalCpu'),
    totalMemoryMb: number(o, 'summary.totalMemory') / MB,
    numHosts: number(o, 'summary.numHosts'),
    numVms,
    haEnabled: flag(config, 'dasConfig', 'enabled'),
    drsEnabled: flag(config, 'drsConfig', 'enabled'),
  };
}

/** The management address: vmk0 if there is one, else the first VMkernel NIC; the name if it is an address. */
function hostAddress(o: ObjectProps): string {
  const vnics = asArray(
    (o.props.get('config.network.vnic') as SoapNode | undefined)?.HostVirtualNic as SoapNode[] | undefined,
  );
  const nic = vnics.find((n) => text(n.device) === 'vmk0') ?? vnics[0];
  const ip = text(((nic?.spec as SoapNode | undefined)?.ip as SoapNode | undefined)?.ipAddress);
  if (ip) return ip;
  const name = str(o, 'name');
  return /^\d{1,3}(?:\.\d{1,3}){3}$|^[\da-f]*:[\da-f:]*$/i.test(name) ? name : '';
}

export function toRawHost(o: ObjectProps, topology: Topology, numVms: number): RawOf<'host'> {
  const cores = number(o, 'summary.hardware.numCpuCores');
  return {
    kind: 'host',
    id: o.ref.value,
    name: str(o, 'name'),
    clusterId: topology.clusterOfHost(o.ref.value),
    datacenter: topology.datacenterOf(ref(o, 'parent')),
    ipAddress: hostAddress(o),
    // JustFit counts host CPU capacity in total MHz (per-core clock × cores), as clusters do.
    cpuCores: cores,
    cpuMhz: number(o, 'summary.hardware.cpuMhz') * cores,
    memoryMb: number(o, 'summary.hardware.memorySize') / MB,
    numVms,
    powerState: str(o, 'runtime.powerState'),
    connectionState: str(o, 'runtime.connectionState'),
    overallStatus: str(o, 'overallStatus'),
  };
}

export function toRawDatastore(o: ObjectProps, topology: Topology): RawOf<'datastore'> {
  return {
    kind: 'datastore',
    id: o.ref.value,
    name: str(o, 'name'),
    datacenter: topology.datacenterOf(ref(o, 'parent')),
    type: str(o, 'summary.type'),
    capacityGb: number(o, 'summary.capacity') / GB,
    freeGb: number(o, 'summary.freeSpace') / GB,
  };
}

export function toRawVm(o: ObjectProps, topology: Topology): RawOf<'vm'> {
  const hostId = ref(o, 'runtime.host')?.value ?? null;
  const powerState = str(o, 'runtime.powerState');
  // A VM's own folder chain reaches its datacenter too, which covers VMs without a host (orphaned, vApp members).
  const datacenter =
    (hostId ? topology.datacenterOf({ type: 'HostSystem', value: hostId }) : '') ||
    topology.datacenterOf(ref(o, 'parent'));
  return {
    kind: 'vm',
    id: o.ref.value,
    name: str(o, 'name'),
    datacenter,
    clusterId: topology.clusterOfHost(hostId),
    hostId,
    uuid: str(o, 'summary.config.uuid'),
    cpuCount: number(o, 'summary.config.numCpu'),
    memoryMb: number(o, 'summary.config.memorySizeMB'),
    // Provisioned space (what the vSphere client shows as such): committed plus not yet committed thin space.
    diskGb: (number(o, 'summary.storage.committed') + number(o, 'summary.storage.uncommitted')) / GB,
    powerState,
    guestOs: str(o, 'summary.config.guestFullName') || str(o, 'summary.config.guestId'),
    ipAddress: str(o, 'guest.ipAddress'),
    isTemplate: o.props.get('summary.config.template') === true,
    overallStatus: str(o, 'overallStatus'),
    toolsStatus: str(o, 'guest.toolsStatus') || str(o, 'guest.toolsRunningStatus'),
    createdAt: epochMs(o, 'config.createDate'),
    // vSphere keeps no "last power change" property; the boot time is that moment for a running VM.
    powerStateChangedAt: powerState === 'poweredOn' ? epochMs(o, 'runtime.bootTime') : null,
  };
}
