import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { OutboundPolicy, OutboundRefused } from '@justfit/service-kit';
import { z } from 'zod';

/** What the release feed answers: the newest release (a JSON document of JustFit's own). */
const ReleaseFeed = z.object({
  version: z.string().min(1).max(100),
  url: z.url().max(2_000).optional(),
  notes: z.string().max(10_000).optional(),
  publishedAt: z.string().max(100).optional(),
});

export type UpdateStatus = 'not_configured' | 'up_to_date' | 'update_available' | 'unknown' | 'unreachable';

export interface UpdateCheck {
  status: UpdateStatus;
  current: string;
  latest: string | null;
  url: string | null;
  notes: string | null;
  message: string;
  checkedAt: number;
}

export interface UpdateCheckSettings {
  feedUrl?: string;
  timeoutMs: number;
  currentVersion: string;
  policy: OutboundPolicy;
}

const MAX_FEED_BYTES = 1_000_000;

/** `1.10.2` → [1, 10, 2]; undefined for what is not a dotted version (a `development` build). */
function versionParts(version: string): number[] | undefined {
  const match = /^v?(\d+(?:\.\d+)*)(?:[-+].*)?$/.exec(version.trim());
  return match ? match[1]!.split('.').map(Number) : undefined;
}

function newer(latest: number[], current: number[]): boolean {
  for (let i = 0; i < Math.max(latest.length, current.length); i++) {
    const a = latest[i] ?? 0;
    const b = current[i] ?? 0;
    if (a !== b) return a > b;
  }
  return false;
}

/**
 * Asks the release feed for the newest version, within `timeoutMs` for the whole exchange, through the outbound
 * rules (no loopback, link-local or metadata addresses unless allowed; checked before and on every connection). No
 * redirect is followed. Offline, it answers "cannot reach the feed" rather than an error.
 */
export async function checkForUpdate(settings: UpdateCheckSettings): Promise<UpdateCheck> {
  const checkedAt = Date.now();
  const base = { current: settings.currentVersion, latest: null, url: null, notes: null, checkedAt };
  if (!settings.feedUrl)
    return { ...base, status: 'not_configured', message: 'no release feed is configured (UPDATE_FEED_URL)' };
  let body: string;
  try {
    body = await fetchFeed(settings.feedUrl, settings.policy, settings.timeoutMs);
  } catch (e) {
    return { ...base, status: 'unreachable', message: `cannot reach the feed: ${(e as Error).message}` };
  }
  let feed: z.infer<typeof ReleaseFeed>;
  try {
    feed = ReleaseFeed.parse(JSON.parse(body));
  } catch {
    return {
      ...base,
      status: 'unknown',
      message: 'the feed answered something that is not a release ({"version": …})',
    };
  }
  const found = { ...base, latest: feed.version, url: feed.url ?? null, notes: feed.notes ?? null };
  const latest = versionParts(feed.version);
  const current = versionParts(settings.currentVersion);
  if (!latest || !current)
    return {
      ...found,
      status: 'unknown',
      message: `the feed's latest release is ${feed.version}; this installation runs ${settings.currentVersion}`,
    };
  return newer(latest, current)
    ? {
        ...found,
        status: 'update_available',
        message: `${feed.version} is available (this is ${settings.currentVersion})`,
      }
    : { ...found, status: 'up_to_date', message: `${settings.currentVersion} is the latest release` };
}

async function fetchFeed(feedUrl: string, policy: OutboundPolicy, timeoutMs: number): Promise<string> {
  const url = new URL(feedUrl);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // An address literal never goes through `lookup`: judge it here. Names are judged on every address they resolve to.
  if (isIP(host)) policy.assertAllowed(host, host);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer in ${Math.round(timeoutMs / 100) / 10} s`));
    }, timeoutMs);
    const done = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    const req = send(url, { method: 'GET', lookup: policy.lookup, headers: { accept: 'application/json' } }, (res) =>
      readBody(res).then(
        (text) => done(() => resolve(text)),
        (e: Error) => done(() => reject(e)),
      ),
    );
    req.on('error', (e: Error) => done(() => reject(e instanceof OutboundRefused ? e : new Error(describe(e)))));
    req.end();
  });
}

async function readBody(res: IncomingMessage): Promise<string> {
  if (res.statusCode !== 200) {
    res.resume();
    throw new Error(`it answered HTTP ${res.statusCode}${res.headers.location ? ' (a redirect, not followed)' : ''}`);
  }
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FEED_BYTES) {
      res.destroy();
      throw new Error('its answer is larger than 1 MB');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A network error as a person reads it: what happened, without the socket's internals. */
function describe(e: Error & { code?: string }): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'its name does not resolve';
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'the network is unreachable';
    default:
      return e.message;
  }
}
