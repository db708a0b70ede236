import { describe, expect, it } from 'vitest';
import { CommandError } from '@justfit/events';
import { assertEndpointAllowed, EndpointPolicy, endpointHost, parseCidrList } from './endpoint-policy';

describe('endpoint policy - which addresses a connection may reach', () => {
  const byDefault = new EndpointPolicy();

  it.each([
    ['169.254.169.254', /link-local, where cloud metadata services answer/],
    ['::ffff:169.254.169.254', /link-local/],
    ['127.0.0.1', /loopback/],
    ['127.3.4.5', /loopback/],
    ['::1', /loopback/],
    ['::ffff:127.0.0.1', /loopback/],
    ['fe80::1', /link-local/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['100.100.100.200', /Alibaba Cloud metadata/],
    ['192.0.0.192', /Oracle Cloud metadata/],
    ['fd00:ec2::254', /AWS metadata service over IPv6/],
    ['224.0.0.251', /multicast/],
    ['255.255.255.255', /broadcast/],
  ])('given the defaults, %s is refused (%s)', (address, why) => {
    expect(byDefault.refusal(address)).toMatch(why);
  });

  it.each(['10.20.30.40', '192.168.1.10', '172.16.0.5', '100.64.1.1', 'fd12:3456::1', '2001:db8::10'])(
    'given the defaults, %s (where platforms live) is allowed',
    (address) => {
      expect(byDefault.refusal(address)).toBeUndefined();
    },
  );

  it('given an allowed range, only it is let through; extra denied ranges add to the defaults', () => {
    const lab = new EndpointPolicy({ allowed: ['127.0.0.1/32', '10.9.0.0/16'], denied: ['10.0.0.0/8'] });
    expect(lab.refusal('127.0.0.1')).toBeUndefined();
    expect(lab.refusal('127.0.0.2')).toMatch(/loopback/);
    expect(lab.refusal('10.1.2.3')).toBe('in 10.0.0.0/8 (COLLECTOR_DENIED_ENDPOINT_CIDRS)');
    expect(lab.refusal('10.9.8.7')).toBeUndefined();
    expect(lab.refusal('169.254.169.254')).toMatch(/link-local/);
  });

  it('given a name, every address it resolves to is judged (localhost: /etc/hosts, no query leaves the host)', async () => {
    await expect(byDefault.check('localhost')).rejects.toThrow(/localhost \((127\.0\.0\.1|::1)\) is loopback/);
    await expect(new EndpointPolicy({ allowed: ['127.0.0.0/8', '::1/128'] }).check('localhost')).resolves.toBe(
      undefined,
    );
  });

  it('given an endpoint as a user types it, its host is what is judged, and a refusal is a 400 naming the opt-in', async () => {
    expect(endpointHost('vc.example.com')).toBe('vc.example.com');
    expect(endpointHost('https://169.254.169.254:8443/sdk')).toBe('169.254.169.254');
    expect(endpointHost('[fe80::1]:443')).toBe('fe80::1');
    const refused = await assertEndpointAllowed(byDefault, 'https://169.254.169.254/latest/meta-data').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(CommandError);
    expect(refused).toMatchObject({ code: 400, message: expect.stringMatching(/COLLECTOR_ALLOWED_ENDPOINT_CIDRS/) });
    await expect(assertEndpointAllowed(byDefault, '10.1.1.1')).resolves.toBe(undefined);
  });

  it('given configuration, a list of CIDR ranges is read and a bad one is named', () => {
    expect(parseCidrList(' 127.0.0.1/32, ::1/128 ,')).toEqual(['127.0.0.1/32', '::1/128']);
    expect(parseCidrList(undefined)).toEqual([]);
    expect(() => parseCidrList('127.0.0.1')).toThrow('"127.0.0.1" is not a CIDR range');
  });
});
