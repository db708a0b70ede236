import { CommandError } from '@justfit/events';
import type { ConnectorTarget, PlatformConnector } from './connector';
import type { EndpointPolicy } from './endpoint-policy';
import { SimulatedConnector } from './simulated/simulated-connector';

type PlatformType = ConnectorTarget['type'];

/** Refuses platforms the collector has no adapter for yet (H3C CAS). */
export function assertSupportedPlatform(type: PlatformType): asserts type is Exclude<PlatformType, 'h3c'> {
  if (type === 'h3c') throw new CommandError(1005, 'H3C CAS connections are not supported yet');
}

/** Platforms reached over the network, whose endpoints the endpoint policy judges (the simulated estate is not). */
export const usesNetwork = (type: PlatformType) => type !== 'simulated';

/** Picks the adapter for a connection's platform type; `policy` decides which addresses it may reach. */
export async function openConnector(target: ConnectorTarget, policy: EndpointPolicy): Promise<PlatformConnector> {
  assertSupportedPlatform(target.type);
  switch (target.type) {
    case 'simulated':
      return new SimulatedConnector(target.endpoint);
    case 'vcenter': {
      const { VCenterConnector } = await import('./vcenter/vcenter-connector');
      return new VCenterConnector(target, { endpointPolicy: policy });
    }
  }
}
