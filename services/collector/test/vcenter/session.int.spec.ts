import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVcsim, type Vcsim } from '@justfit/testing/vcsim';
import { VcenterError } from '../../src/adapters/vcenter/errors';
import { retrieveFromView, retrieveObjects } from '../../src/adapters/vcenter/property-collector';
import { moRefArg } from '../../src/adapters/vcenter/soap/vim-values';
import { VimClient } from '../../src/adapters/vcenter/vim-client';
import { collect, connectorFor, NO_SCOPE, terminateJustfitSessions, LAB_ENDPOINTS } from './fixtures';

let sim: Vcsim;
let admin: VimClient;
const open = () =>
  VimClient.connect({
    url: sim.url,
    username: sim.username,
    password: sim.password,
    verifyTls: false,
    endpointPolicy: LAB_ENDPOINTS,
  });
const terminate = (client: VimClient) =>
  admin.call('TerminateSession', admin.serviceContent.sessionManager, { sessionId: [client.sessionKey] });

beforeAll(async () => {
  sim = await startVcsim();
  admin = await open();
});
afterAll(async () => {
  await admin?.close();
  await sim?.stop();
});

describe('vcenter sessions', () => {
  it('vcenter - re-logs in once when the session is terminated server-side', async () => {
    const client = await open();
    const read = () => retrieveObjects(client, [client.serviceContent.rootFolder], ['name']);
    expect((await read())[0]?.props.get('name')).toBeTruthy();
    const firstKey = client.sessionKey;

    // vcsim reports the lost session per property (missingSet NotAuthenticated) for this read.
    await terminate(client);
    expect((await read())[0]?.props.get('name')).toBeTruthy();
    expect(client.sessionGeneration).toBe(2);
    expect(client.sessionKey).not.toBe(firstKey);

    // ...and as a NotAuthenticated fault for this one.
    await terminate(client);
    const view = await client.call('CreateContainerView', client.serviceContent.viewManager, {
      container: moRefArg(client.serviceContent.rootFolder),
      type: ['VirtualMachine'],
      recursive: true,
    });
    expect(view.returnval).toBeTruthy();
    expect(client.sessionGeneration).toBe(3);
    await client.close();
  });

  it('vcenter - a view lost with its session is rebuilt and paging restarts without duplicates', async () => {
    const client = await open();
    const call = client.call.bind(client);
    let terminated = false;
    // Terminate right after the view is created: the first RetrievePropertiesEx then meets a deleted view.
    client.call = (async (...args: Parameters<VimClient['call']>) => {
      const result = await call(...args);
      if (args[0] === 'CreateContainerView' && !terminated) {
        terminated = true;
        await terminate(client);
      }
      return result;
    }) as VimClient['call'];
    const query = { types: ['VirtualMachine'], paths: { VirtualMachine: ['name'] }, maxObjects: 1 };
    const { items, pages } = await collect(retrieveFromView(client, query));
    const expected = (await sim.govc('find', '/', '-type', 'm')).split('\n').filter(Boolean).length;
    expect(terminated).toBe(true);
    expect(client.sessionGeneration).toBe(2);
    expect(items).toHaveLength(expected);
    expect(new Set(items.map((o) => o.ref.value)).size).toBe(expected);
    expect(pages).toBe(expected);
    await client.close();
  });

  it('vcenter - the connector keeps collecting after an administrator ends its session', async () => {
    const connector = connectorFor(sim);
    const before = await collect(connector.inventory(NO_SCOPE));
    expect(await terminateJustfitSessions(sim, [admin.sessionKey])).toBe(1);
    const after = await collect(connector.inventory(NO_SCOPE));
    expect(after.items.map((e) => e.id).sort()).toEqual(before.items.map((e) => e.id).sort());
    expect((await connector.test()).success).toBe(true);
    await connector.close();
  });

  it('vcenter - a password changed since login surfaces as 1001 on re-login', async () => {
    const client = await VimClient.connect({
      url: sim.url,
      username: sim.username,
      password: sim.password,
      verifyTls: false,
      endpointPolicy: LAB_ENDPOINTS,
    });
    (client as unknown as { options: { password: string } }).options.password = 'rotated-away';
    await terminate(client);
    const error = await retrieveObjects(client, [client.serviceContent.rootFolder], ['name']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VcenterError);
    expect((error as VcenterError).code).toBe(1001);
    expect((error as VcenterError).reason).toBe('Login failure');
    await client.close();
  });
});
