import { CommandError } from '@justfit/events';
import { OutboundPolicy, OutboundRefused } from '@justfit/service-kit';

export { DEFAULT_DENIED_RANGES, parseCidrList } from '@justfit/service-kit';

/** The endpoint (or what its name resolves to) is in a denied range. */
export { OutboundRefused as EndpointRefused };

/**
 * Which addresses the collector may connect to for a platform: the shared outbound rules (loopback, link-local and
 * cloud metadata, unspecified, multicast denied) with COLLECTOR_DENIED_ENDPOINT_CIDRS added and
 * COLLECTOR_ALLOWED_ENDPOINT_CIDRS let through. A name is judged by every address it resolves to, when the connection
 * is saved and again on each connection (the agent's DNS lookup goes through `lookup`).
 */
export class EndpointPolicy extends OutboundPolicy {
  constructor(options: { allowed?: readonly string[]; denied?: readonly string[] } = {}) {
    super(options, {
      destinations: 'connection endpoints',
      allowVariable: 'COLLECTOR_ALLOWED_ENDPOINT_CIDRS',
      denyVariable: 'COLLECTOR_DENIED_ENDPOINT_CIDRS',
    });
  }
}

/** The host part of a connection endpoint (`vc.example.com`, `vc:8443`, `https://vc/sdk`, `[fd00::1]:443`). */
export function endpointHost(endpoint: string): string {
  const url = new URL(/^[a-z]+:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Refuses a connection endpoint the policy denies, as the caller's mistake (400). */
export async function assertEndpointAllowed(policy: EndpointPolicy, endpoint: string): Promise<void> {
  try {
    await policy.check(endpointHost(endpoint));
  } catch (e) {
    if (e instanceof OutboundRefused) throw new CommandError(400, `endpoint ${e.message}`);
    throw e;
  }
}
