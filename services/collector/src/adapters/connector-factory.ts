import { CommandError } from '@justfit/events';
import type { ConnectorTarget, PlatformConnector } from './connector';
import { SimulatedConnector } from './simulated/simulated-connector';

/** Picks the adapter for a connection's platform type. */
export async function openConnector(target: ConnectorTarget): Promise<PlatformConnector> {
  switch (target.type) {
    case 'simulated':
      return new SimulatedConnector(target.endpoint);
    case 'vcenter': {
      const { VCenterConnector } = await import('./vcenter/vcenter-connector');
      return new VCenterConnector(target);
    }
    case 'h3c':
      throw new CommandError(1005, 'H3C CAS connections are not supported yet');
  }
}
