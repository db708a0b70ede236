import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundPolicy } from '@justfit/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkForUpdate } from '../src/ops/update-check';
import { type GraphQLHarness, startGraphQLHarness } from './graphql-harness';

const SETTINGS = `{ settings { currencyAndPrices { currency cpuCoreMonthly memoryGbMonthly diskGbMonthly } timeZone
  retention { rawSampleDays reportDays } reportBranding { organisation accentColour footer logo } revision updatedBy } }`;
const UPDATE = `mutation($i: SettingsInput!) { updateSettings(input: $i) { currencyAndPrices { currency cpuCoreMonthly }
  timeZone retention { rawSampleDays } revision updatedBy } }`;

/** A release feed on loopback: answers `body`, or never (to prove the check does not hang). */
async function feedServer(answer: { body?: string; hang?: boolean }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (answer.hang) return; // accepts the request and never answers
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/latest.json`, server };
}

const close = (server: Server) =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  });

describe('settings and update check - through GraphQL', () => {
  let h: GraphQLHarness;
  let feed: { url: string; server: Server };
  let viewer: string;

  beforeAll(async () => {
    feed = await feedServer({
      body: JSON.stringify({ version: '2.4.0', url: 'https://justfit.example/releases/2.4.0' }),
    });
    h = await startGraphQLHarness({
      env: {
        JUSTFIT_VERSION: '2.3.1',
        UPDATE_FEED_URL: feed.url,
        // The test's feed is on loopback, which the outbound rules deny unless allowed.
        OUTBOUND_ALLOWED_CIDRS: '127.0.0.1/32',
      },
    });
    const { data } = await h.request<{ createApiToken: { secret: string } }>(
      'mutation { createApiToken(input: { name: "viewer", roles: [viewer], expiresInDays: 1 }) { secret } }',
    );
    viewer = data!.createApiToken.secret;
  });

  afterAll(async () => {
    await h?.stop();
    if (feed) await close(feed.server);
  });

  it('settings - the defaults first; an admin change is kept, with its author and revision', async () => {
    expect((await h.request(SETTINGS)).data!.settings).toMatchObject({
      currencyAndPrices: { currency: 'USD', cpuCoreMonthly: 18 },
      timeZone: 'UTC',
      retention: { rawSampleDays: 400, reportDays: 365 },
      reportBranding: { organisation: 'JustFit', logo: null },
      revision: 0,
    });
    const changed = await h.request(UPDATE, {
      i: {
        currencyAndPrices: { currency: 'EUR', cpuCoreMonthly: 15.5 },
        timeZone: 'Europe/Paris',
        expectedRevision: 0,
      },
    });
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.updateSettings).toMatchObject({
      currencyAndPrices: { currency: 'EUR', cpuCoreMonthly: 15.5 },
      timeZone: 'Europe/Paris',
      revision: 2,
    });
    expect(changed.data!.updateSettings.updatedBy).toMatch(/^tok-admin-/);
    // Read back from the events, as another API replica would.
    expect((await h.request(SETTINGS)).data!.settings).toMatchObject({
      currencyAndPrices: { currency: 'EUR', cpuCoreMonthly: 15.5, memoryGbMonthly: 4.5 },
      timeZone: 'Europe/Paris',
      revision: 2,
    });
  });

  it('settings - an invalid value is refused with 400 naming it, and nothing is stored', async () => {
    const before = (await h.request(SETTINGS)).data!.settings;
    const refused = await h.request(UPDATE, { i: { timeZone: 'UTC', retention: { rawSampleDays: -3 } } });
    expect(refused.errors?.[0]?.extensions.code).toBe(400);
    expect(refused.errors?.[0]?.message).toMatch(/retention\.rawSampleDays/);
    expect((await h.request(SETTINGS)).data!.settings).toEqual(before);
  });

  it('settings - a change over one the caller has not seen is refused with 409', async () => {
    const refused = await h.request(UPDATE, { i: { timeZone: 'Asia/Tokyo', expectedRevision: 0 } });
    expect(refused.errors?.[0]?.extensions.code).toBe(409);
  });

  it('settings - a viewer reads them and their history but may not change them (403)', async () => {
    expect((await h.requestAs(viewer, SETTINGS)).errors).toBeUndefined();
    const refused = await h.requestAs(viewer, UPDATE, { i: { timeZone: 'Asia/Tokyo' } });
    expect(refused.errors?.[0]?.extensions.code).toBe(403);
    const { data } = await h.requestAs<{
      settingsHistory: Array<{ revision: number; section: string; value: unknown; changedBy: string }>;
    }>(viewer, '{ settingsHistory { revision section value changedBy traceId } }');
    expect(data!.settingsHistory.map((c) => [c.revision, c.section])).toEqual([
      [2, 'timeZone'],
      [1, 'currencyAndPrices'],
    ]);
    expect(data!.settingsHistory[0]!.value).toBe('Europe/Paris');
  });

  it('update check - the configured feed names a newer release', async () => {
    const { data, errors } = await h.request<{ checkUpdate: Record<string, unknown> }>(
      '{ checkUpdate { status current latest url message } }',
    );
    expect(errors).toBeUndefined();
    expect(data!.checkUpdate).toEqual({
      status: 'update_available',
      current: '2.3.1',
      latest: '2.4.0',
      url: 'https://justfit.example/releases/2.4.0',
      message: '2.4.0 is available (this is 2.3.1)',
    });
    expect((await h.requestAs(viewer, '{ checkUpdate { status } }')).errors?.[0]?.extensions.code).toBe(403);
  });
});

describe('update check - offline, refused or silent feeds answer at once and plainly', () => {
  const naming = { destinations: 'outbound requests', allowVariable: 'ALLOW', denyVariable: 'DENY' };
  const loopbackAllowed = new OutboundPolicy({ allowed: ['127.0.0.1/32'] }, naming);
  const base = { currentVersion: '1.0.0', timeoutMs: 1_500, policy: loopbackAllowed };

  it('update check - no feed configured says so', async () => {
    expect(await checkForUpdate({ ...base, feedUrl: undefined })).toMatchObject({
      status: 'not_configured',
      message: 'no release feed is configured (UPDATE_FEED_URL)',
    });
  });

  it('update check - a feed nobody listens on: "cannot reach the feed"', async () => {
    const { server, url } = await feedServer({ body: '{}' });
    await close(server); // the port is free again: nothing answers there
    expect(await checkForUpdate({ ...base, feedUrl: url })).toMatchObject({
      status: 'unreachable',
      message: 'cannot reach the feed: the connection was refused',
    });
  });

  it('update check - a feed that never answers ends at the time limit', async () => {
    const silent = await feedServer({ hang: true });
    const started = Date.now();
    const check = await checkForUpdate({ ...base, feedUrl: silent.url });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(check).toMatchObject({ status: 'unreachable', message: 'cannot reach the feed: no answer in 1.5 s' });
    await close(silent.server);
  });

  it('update check - the outbound rules apply: loopback and cloud metadata are not asked unless allowed', async () => {
    const { server, url } = await feedServer({ body: JSON.stringify({ version: '9.9.9' }) });
    let asked = 0;
    server.on('request', () => asked++);
    const strict = { ...base, policy: new OutboundPolicy({}, naming) };
    expect((await checkForUpdate({ ...strict, feedUrl: url })).message).toMatch(
      /^cannot reach the feed: 127\.0\.0\.1 is loopback: outbound requests there are refused/,
    );
    expect((await checkForUpdate({ ...strict, feedUrl: 'http://169.254.169.254/latest' })).message).toMatch(
      /link-local, where cloud metadata services answer/,
    );
    expect((await checkForUpdate({ ...strict, feedUrl: url.replace('127.0.0.1', 'localhost') })).message).toMatch(
      /^cannot reach the feed: localhost \(.+\) is loopback/,
    );
    expect(asked).toBe(0);
    expect(await checkForUpdate({ ...base, feedUrl: url })).toMatchObject({
      status: 'update_available',
      latest: '9.9.9',
    });
    await close(server);
  });

  it('update check - a development build cannot compare versions and says what the feed has', async () => {
    const { server, url } = await feedServer({ body: JSON.stringify({ version: '1.2.0' }) });
    expect(await checkForUpdate({ ...base, currentVersion: 'development', feedUrl: url })).toMatchObject({
      status: 'unknown',
      message: "the feed's latest release is 1.2.0; this installation runs development",
    });
    await close(server);
  });
});
