/** What every analysis knows of a VM: the latest inventory, one record per VM. */
export interface VmFacts {
  connectionId: string;
  id: string;
  name: string;
  powerState: string;
  isTemplate: boolean;
  cpuCount: number;
  memoryMb: number;
  diskGb: number;
  powerStateChangedAt: number | null;
}

/** A VM with its placement (the inventory knows both; cluster health groups VMs by it). */
export interface PlacedVm extends VmFacts {
  clusterId: string | null;
  hostId: string | null;
}
