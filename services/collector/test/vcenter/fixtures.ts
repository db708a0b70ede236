import type { RawEntity } from '@justfit/events';
import type { Vcsim } from '@justfit/testing/vcsim';
import { EndpointPolicy } from '../../src/adapters/endpoint-policy';
import { USER_AGENT } from '../../src/adapters/vcenter/soap/session-http-client';
import { VCenterConnector, type VcenterConnectorOptions } from '../../src/adapters/vcenter/vcenter-connector';

export const NO_SCOPE = { clusterIds: [], hostIds: [], vmIds: [] };

/** vcsim listens on loopback, which the endpoint policy refuses by default: these tests opt in, as a lab would. */
export const LAB_ENDPOINTS = new EndpointPolicy({ allowed: ['127.0.0.1/32'] });

export function connectorFor(
  sim: Vcsim,
  options: VcenterConnectorOptions & { password?: string; verifyTls?: boolean } = {},
) {
  const { password = sim.password, verifyTls = false, ...rest } = options;
  return new VCenterConnector(
    { endpoint: sim.url, port: sim.port, username: sim.username, password, verifyTls },
    { endpointPolicy: LAB_ENDPOINTS, ...rest },
  );
}

export async function collect<T>(source: AsyncIterable<T[]>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  for await (const page of source) {
    items.push(...page);
    pages++;
  }
  return { items, pages };
}

export function ofKind<K extends RawEntity['kind']>(
  entities: RawEntity[],
  kind: K,
): Array<Extract<RawEntity, { kind: K }>> {
  return entities.filter((e): e is Extract<RawEntity, { kind: K }> => e.kind === kind);
}

export interface GovcObject {
  obj: { type: string; value: string };
  props: Record<string, unknown>;
}

/** `govc object.collect -json -type X / paths...` prints one JSON document per object. */
export async function govcCollect(sim: Vcsim, type: string, paths: string[]): Promise<Map<string, GovcObject>> {
  const out = await sim.govc('object.collect', '-json', '-type', type, '/', ...paths);
  const objects = new Map<string, GovcObject>();
  for (const doc of out.split(/\n(?=\{)/).filter((d) => d.trim())) {
    const update = JSON.parse(doc) as { obj: GovcObject['obj']; changeSet?: Array<{ name: string; val: unknown }> };
    const props: Record<string, unknown> = {};
    for (const change of update.changeSet ?? []) props[change.name] = change.val;
    objects.set(update.obj.value, { obj: update.obj, props });
  }
  return objects;
}

/** Keys of the sessions this connector holds on the simulator (it announces itself by user agent). */
export async function justfitSessions(sim: Vcsim): Promise<string[]> {
  const list = JSON.parse(await sim.govc('session.ls', '-json')) as {
    sessionList?: Array<{ key: string; userAgent: string }>;
  };
  return (list.sessionList ?? []).filter((s) => s.userAgent === USER_AGENT).map((s) => s.key);
}

/** Ends this connector's sessions behind its back, as an administrator would from another client. */
export async function terminateJustfitSessions(sim: Vcsim, except: string[] = []): Promise<number> {
  const keys = (await justfitSessions(sim)).filter((k) => !except.includes(k));
  if (keys.length) await sim.govc('session.rm', ...keys);
  return keys.length;
}

/**
 * Powers one VM off, turns another into a template (so the estate has all three kinds) and gives a third a guest
 * IP address (vcsim's VMs have none by default).
 */
export async function prepareEstate(sim: Vcsim): Promise<{ poweredOff: string; template: string; withIp: string }> {
  const vms = (await sim.govc('find', '/', '-type', 'm')).split('\n').filter(Boolean).sort();
  const [poweredOff, template, withIp] = [vms[0]!, vms[1]!, vms[2]!];
  await sim.govc('vm.power', '-off', '-force', poweredOff, template);
  await sim.govc('vm.markastemplate', template);
  await sim.govc('vm.change', '-vm', withIp, '-e', 'SET.guest.ipAddress=10.20.30.40');
  return { poweredOff, template, withIp };
}
