import { CommandError } from '@justfit/events';
import type { ConnectorTarget, PlatformConnector } from './connector';
import { SimulatedConnector } from './simulated/simulated-connector';

type PlatformType = ConnectorTarget['type'];

/** Refuses platforms the collector has no adapter for yet (H3C CAS). */
export function assertSupportedPlatform(type: PlatformType): asserts type is Exclude<PlatformType, 'h3c'> {
  if (type === 'h3c') throw new CommandError(1005, 'H3C CAS connections are not supported yet');
}

/** Picks the adapter for a connection's platform type. */
export async function openConnector(target: ConnectorTarget): Promise<PlatformConnector> {
  assertSupportedPlatform(target.type);
  switch (target.type) {
    case 'simulated':
      return new SimulatedConnector(target.endpoint);
    case 'vcenter': {
      const { VCenterConnector } = await import('./vcenter/vcenter-connector');
      return new VCenterConnector(target);
    }
  }
}
