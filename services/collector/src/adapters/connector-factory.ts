import type { ConnectorTarget, PlatformConnector } from './connector';
import type { EndpointPolicy } from './endpoint-policy';
import { SimulatedConnector } from './simulated/simulated-connector';

type PlatformType = ConnectorTarget['type'];

/** Platforms reached over the network, whose endpoints the endpoint policy judges (the simulated estate is not). */
export const usesNetwork = (type: PlatformType) => type !== 'simulated';

/** Picks the adapter for a connection's platform type; `policy` decides which addresses it may reach. */
export async function openConnector(target: ConnectorTarget, policy: EndpointPolicy): Promise<PlatformConnector> {
  switch (target.type) {
    case 'simulated':
      return new SimulatedConnector(target.endpoint);
    case 'vcenter': {
      const { VCenterConnector } = await import('./vcenter/vcenter-connector');
      return new VCenterConnector(target, { endpointPolicy: policy });
    }
    case 'h3c': {
      const { CasConnector } = await import('./h3c/cas-connector');
      return new CasConnector(target, { endpointPolicy: policy });
    }
  }
}
