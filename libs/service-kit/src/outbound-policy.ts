import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = { cidr: string; range: [Address, number]; why: string };

/**
 * Addresses JustFit sends no request to unless a configuration allows them: where a request forged through JustFit
 * (a connection endpoint, a release feed URL) would reach the host it runs on or the cloud around it.
 */
export const DEFAULT_DENIED_RANGES: ReadonlyArray<{ cidr: string; why: string }> = [
  { cidr: '0.0.0.0/8', why: 'unspecified' },
  { cidr: '127.0.0.0/8', why: 'loopback' },
  { cidr: '169.254.0.0/16', why: 'link-local, where cloud metadata services answer (169.254.169.254)' },
  { cidr: '100.100.100.200/32', why: 'the Alibaba Cloud metadata service' },
  { cidr: '192.0.0.192/32', why: 'the Oracle Cloud metadata service' },
  { cidr: '224.0.0.0/4', why: 'multicast' },
  { cidr: '255.255.255.255/32', why: 'broadcast' },
  { cidr: '::/128', why: 'unspecified' },
  { cidr: '::1/128', why: 'loopback' },
  { cidr: 'fe80::/10', why: 'link-local' },
  { cidr: 'fd00:ec2::254/128', why: 'the AWS metadata service over IPv6' },
  { cidr: 'ff00::/8', why: 'multicast' },
];

/** What a policy's messages call its destinations and the variables that change it. */
export interface OutboundRulesNaming {
  /** e.g. `connection endpoints`. */
  destinations: string;
  allowVariable: string;
  denyVariable: string;
}

/** The destination (or what its name resolves to) is in a denied range. */
export class OutboundRefused extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly why: string,
    naming: OutboundRulesNaming,
  ) {
    super(
      `${host === address ? address : `${host} (${address})`} is ${why}: ${naming.destinations} there are refused. ` +
        `A lab that needs it allows the range with ${naming.allowVariable}`,
    );
    this.name = 'OutboundRefused';
  }
}

function parseRange(cidr: string, why: string): Range {
  if (!ipaddr.isValidCIDR(cidr)) throw new Error(`"${cidr}" is not a CIDR range (e.g. 10.0.0.0/8, fd00::/8)`);
  return { cidr, range: ipaddr.parseCIDR(cidr), why };
}

/** A comma-separated list of CIDR ranges (configuration); throws naming the first bad one. */
export function parseCidrList(text: string | undefined): string[] {
  const list = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const cidr of list) parseRange(cidr, '');
  return list;
}

/**
 * Which addresses a service may send requests to: any, except the denied ranges (the defaults above plus the deny
 * variable's) that no allowed range (the allow variable's) covers. A name is judged by every address it resolves to,
 * before a request and again on each connection (an http.Agent's DNS lookup goes through `lookup`), so a name that
 * later resolves elsewhere is refused too.
 */
export class OutboundPolicy {
  private readonly denied: Range[];
  private readonly allowed: Range[];

  constructor(
    options: { allowed?: readonly string[]; denied?: readonly string[] },
    private readonly naming: OutboundRulesNaming,
  ) {
    this.denied = [
      ...DEFAULT_DENIED_RANGES.map((r) => parseRange(r.cidr, r.why)),
      ...(options.denied ?? []).map((cidr) => parseRange(cidr, `in ${cidr} (${naming.denyVariable})`)),
    ];
    this.allowed = (options.allowed ?? []).map((cidr) => parseRange(cidr, 'allowed'));
  }

  /** Why an address is refused, or undefined when it may be used. */
  refusal(address: string): string | undefined {
    // IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it reaches.
    const parsed = ipaddr.process(address);
    const inside = (r: Range) => parsed.kind() === r.range[0].kind() && parsed.match(r.range);
    if (this.allowed.some(inside)) return undefined;
    return this.denied.find(inside)?.why;
  }

  /** Throws OutboundRefused when the address is refused; `host` names it in the message. */
  assertAllowed(host: string, address: string): void {
    const why = this.refusal(address);
    if (why) throw new OutboundRefused(host, address, why, this.naming);
  }

  /** Checks a host: an IP address as it is, a name by every address it resolves to now (unresolvable names pass). */
  async check(host: string): Promise<void> {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    if (isIP(bare)) return this.assertAllowed(host, bare);
    let addresses: LookupAddress[];
    try {
      addresses = await new Promise((resolve, reject) =>
        dnsLookup(bare, { all: true }, (err, found) => (err ? reject(err) : resolve(found))),
      );
    } catch {
      return; // resolved again, and judged, on each connection
    }
    for (const { address } of addresses) this.assertAllowed(host, address);
  }

  /** A `dns.lookup` for sockets (an http.Agent's `lookup`) that fails with OutboundRefused on a refused address. */
  readonly lookup = (
    hostname: string,
    options: LookupOneOptions | LookupAllOptions,
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      try {
        for (const { address } of addresses) this.assertAllowed(hostname, address);
      } catch (refused) {
        return callback(refused as Error, '', 0);
      }
      if ((options as LookupAllOptions).all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
