import { CommandError, newEvent } from '@justfit/events';
import { describe, expect, it } from 'vitest';
import {
  type ConnectionSettings,
  decideDelete,
  decideRegister,
  decideUpdate,
  evolveConnection,
  initialConnectionState,
} from './connection';

const settings: ConnectionSettings = {
  connectionId: 'conn-1',
  name: 'vc-prod',
  type: 'vcenter',
  endpoint: 'vc.example.local',
  port: 443,
  username: 'ops',
  verifyTls: true,
  site: 'default',
  secretRef: 'secret-conn-1',
};
const registered = newEvent('ConnectionRegistered', settings, { subject: 'conn-1', source: 'test', traceId: 't' });
const given = (...events: Parameters<typeof evolveConnection>[1][]) =>
  events.reduce(evolveConnection, initialConnectionState);
const noOtherNames = { nameOwner: () => undefined };
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof CommandError ? e.code : e;
  }
  return undefined;
};

describe('connection - decide', () => {
  it('register - given no connection, when registered, then the settings carry a secret reference and no password', () => {
    const decided = decideRegister(
      {
        name: 'vc-prod',
        type: 'vcenter',
        endpoint: 'vc.example.local',
        port: 443,
        username: 'ops',
        password: 'pw',
        verifyTls: true,
        site: 'default',
      },
      given(),
      { ...noOtherNames, connectionId: 'conn-1', secretRef: 'secret-conn-1' },
    );
    expect(decided).toEqual(settings);
    expect(JSON.stringify(decided)).not.toContain('pw');
  });

  it('register - given another connection with the name, when registered, then 409', () => {
    const cmd = {
      name: 'vc-prod',
      type: 'vcenter' as const,
      endpoint: 'vc.local',
      port: 443,
      username: '',
      password: '',
      verifyTls: true,
      site: 'default',
    };
    expect(
      refusal(() =>
        decideRegister(cmd, given(), { nameOwner: () => 'conn-9', connectionId: 'conn-2', secretRef: 's' }),
      ),
    ).toBe(409);
  });

  it('register - given a malformed endpoint, when registered, then 400', () => {
    for (const endpoint of ['not a host', 'ftp://x', 'a b.local']) {
      const cmd = {
        name: 'x',
        type: 'vcenter' as const,
        endpoint,
        port: 443,
        username: '',
        password: '',
        verifyTls: true,
        site: 'default',
      };
      expect(refusal(() => decideRegister(cmd, given(), { ...noOtherNames, connectionId: 'c', secretRef: 's' }))).toBe(
        400,
      );
    }
  });

  it('register - accepts host names, IPs, URLs and bracketed IPv6', () => {
    for (const endpoint of [
      'vc.example.local',
      '10.0.0.5',
      'https://vc.example.local/sdk',
      '[fe80::1]:443',
      '127.0.0.1:8989',
    ]) {
      const cmd = {
        name: 'x',
        type: 'vcenter' as const,
        endpoint,
        port: 443,
        username: '',
        password: '',
        verifyTls: true,
        site: 'default',
      };
      expect(
        refusal(() => decideRegister(cmd, given(), { ...noOtherNames, connectionId: 'c', secretRef: 's' })),
      ).toBeUndefined();
    }
  });

  it('update - given a connection, when only the port changes, then everything else is kept', () => {
    expect(decideUpdate({ connectionId: 'conn-1', port: 8443 }, given(registered), noOtherNames)).toEqual({
      ...settings,
      port: 8443,
    });
  });

  it('update - given its own name, when renamed to the same name, then it is not a conflict', () => {
    expect(
      decideUpdate({ connectionId: 'conn-1', name: 'vc-prod' }, given(registered), { nameOwner: () => 'conn-1' }).name,
    ).toBe('vc-prod');
  });

  it('update and delete - given no such connection, then 404', () => {
    expect(refusal(() => decideUpdate({ connectionId: 'conn-1', port: 1 }, given(), noOtherNames))).toBe(404);
    expect(refusal(() => decideDelete('conn-1', given()))).toBe(404);
  });

  it('delete - given a deleted connection, when deleted again, then 404', () => {
    const deleted = newEvent(
      'ConnectionDeleted',
      { connectionId: 'conn-1' },
      { subject: 'conn-1', source: 'test', traceId: 't' },
    );
    expect(given(registered, deleted).kind).toBe('deleted');
    expect(refusal(() => decideDelete('conn-1', given(registered, deleted)))).toBe(404);
  });
});

describe('connection - update command input', () => {
  it('a field left out is not defaulted, so it keeps its stored value', async () => {
    const { parseCommandInput } = await import('@justfit/service-kit');
    expect(parseCommandInput('collector', 'UpdateConnection', { connectionId: 'conn-1', password: 'new' })).toEqual({
      connectionId: 'conn-1',
      password: 'new',
    });
  });
});
