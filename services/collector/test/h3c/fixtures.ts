import type { RawEntity, RawSample } from '@justfit/events';
import type { FakeCas } from '@justfit/testing/fake-cas-server';
import { EndpointPolicy } from '../../src/adapters/endpoint-policy';
import { CasConnector, type CasConnectorOptions } from '../../src/adapters/h3c/cas-connector';

export const NO_SCOPE = { clusterIds: [], hostIds: [], vmIds: [] };
/** The fake listens on loopback, which connections may reach only where a lab allows it. */
export const LAB_POLICY = new EndpointPolicy({ allowed: ['127.0.0.1/32'] });

export function connectorFor(
  cas: FakeCas,
  overrides: Partial<{ password: string; port: number }> = {},
  options: CasConnectorOptions = {},
): CasConnector {
  return new CasConnector(
    {
      endpoint: cas.host,
      port: overrides.port ?? cas.port,
      username: cas.username,
      password: overrides.password ?? cas.password,
      verifyTls: true,
    },
    { endpointPolicy: LAB_POLICY, ...options },
  );
}

export async function readAll<T>(source: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of source) all.push(...page);
  return all;
}

export const inventoryOf = (connector: CasConnector, signal = new AbortController().signal): Promise<RawEntity[]> =>
  readAll(connector.inventory(NO_SCOPE, signal));

export const samplesOf = (
  connector: CasConnector,
  entities: RawEntity[],
  window: { startTime: number; endTime: number; intervalSec: number },
  counters: string[] = [],
): Promise<RawSample[]> =>
  readAll(connector.metrics({ scope: NO_SCOPE, ...window, counters, entities }, new AbortController().signal));
