import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { XMLBuilder } from 'fast-xml-parser';
import { DigestVerifier } from './fake-cas-digest';
import {
  buildFakeCasEstate,
  type CasDisk,
  type CasHost,
  type CasLoad,
  casHostLoad,
  casVmLoad,
  type CasVm,
  type FakeCasEstate,
  type FakeCasEstateOptions,
} from './fake-cas-estate';

/**
 * A fake H3C CAS (CVM) for tests and benchmarks: the REST endpoints third-party clients use under `/cas/casrs/`, behind
 * HTTP Digest, over an estate from `buildFakeCasEstate`. Its quirks are the ones those clients cope with: XML unless
 * `Accept: application/json` asks for JSON (and some endpoints answer XML whatever is asked), a one-element list in
 * JSON is an object rather than an array, lists are paged with offset/limit and the server caps the page size, and
 * a failed request is HTTP 409 with `Error-Code` and `Error-Message` headers. docs/h3c-cas.md says which of this
 * comes from which source and what is this fake's own guess.
 */
export interface FakeCasOptions extends FakeCasEstateOptions {
  username?: string;
  password?: string;
  realm?: string;
  /** What `/version` answers. */
  version?: string;
  /** The largest page the server hands out whatever `limit` asks (default 100). */
  maxPageSize?: number;
  /** Paths (after /cas/casrs) that answer XML whatever the Accept header says (default: /version). */
  xmlOnly?: string[];
  /** How long a nonce lives before the server answers `stale=true` (default 300 s). */
  nonceTtlMs?: number;
  /** How long an asynchronous operation (starting or stopping a VM) takes before its message completes (1 s). */
  operationMs?: number;
  behaviour?: FakeCasBehaviour;
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
  tls?: { key: string; cert: string };
  /** Build the estate elsewhere (e.g. to share it with a test) instead of from the options above. */
  estate?: FakeCasEstate;
}

/** What the fake does to requests, changeable while it runs. */
export interface FakeCasBehaviour {
  /** `all`: accept connections and never answer; `after-challenge`: answer the Digest challenge, then nothing. */
  silent?: false | 'all' | 'after-challenge';
  /** Delay before each answer (ms). */
  delayMs?: number;
}

export interface FakeCas {
  /** `http(s)://127.0.0.1:<port>` (the REST base is `/cas/casrs/` under it). */
  url: string;
  host: string;
  port: number;
  username: string;
  password: string;
  realm: string;
  version: string;
  estate: FakeCasEstate;
  stats: FakeCasStats;
  configure(behaviour: FakeCasBehaviour): void;
  stop(): Promise<void>;
}

export interface FakeCasStats {
  /** Requests answered with data, by route (e.g. `/vm/vmList`, `/vm/{id}/cpuTrend`). */
  byRoute: Map<string, number>;
  /** 401 answers: challenges, stale nonces and refused credentials. */
  challenges: number;
  refused: number;
  /** The most requests in progress at once. */
  maxInFlight: number;
  /** TCP connections accepted (a client keeping its connections alive opens few). */
  connections: number;
}

const BASE = '/cas/casrs';
const DEFAULT_INTERVAL_S = 300;
const MAX_TREND_POINTS = 20_000;

type Body = Record<string, unknown>;
type Answer = { root: string; body: Body } | { status: 409; code: string; message: string };

class NotFound extends Error {}

const xml = new XMLBuilder({ format: false, suppressEmptyNode: false });

/** CAS's JSON quirk: a list of one is written as the element itself. */
function jsonList(items: unknown[]): unknown {
  return items.length === 1 ? items[0] : items;
}

function page<T>(items: T[], query: URLSearchParams, maxPageSize: number): { totalSize: number; items: T[] } {
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const limit = Math.min(maxPageSize, Math.max(1, Number(query.get('limit') ?? maxPageSize) || maxPageSize));
  return { totalSize: items.length, items: items.slice(offset, offset + limit) };
}

const diskView = (d: CasDisk) => ({ device: d.device, capacity: d.capacity, path: d.path });
const hostView = (h: CasHost) => ({ ...h });
const vmSummary = (vm: CasVm, hostName: string) => ({
  id: vm.id,
  name: vm.name,
  title: vm.title,
  uuid: vm.uuid,
  hostId: vm.hostId,
  hostName,
  clusterId: vm.clusterId,
  hostPoolId: vm.hostPoolId,
  cpu: vm.cpu,
  memory: vm.memory,
  status: vm.status,
  osDesc: vm.osDesc,
});

/** Trend rows at multiples of `interval` seconds within [startTime, endTime] (ms); the window's newest day if none. */
function trendTimes(query: URLSearchParams): number[] {
  const intervalMs = Math.max(20, Number(query.get('interval') ?? DEFAULT_INTERVAL_S) || DEFAULT_INTERVAL_S) * 1000;
  const end = Number(query.get('endTime') ?? Date.now()) || Date.now();
  const start = Number(query.get('startTime') ?? end - 86_400_000) || end - 86_400_000;
  const times: number[] = [];
  for (let t = Math.ceil(start / intervalMs) * intervalMs; t <= end && times.length < MAX_TREND_POINTS; t += intervalMs)
    times.push(t);
  return times;
}

type TrendKind = 'cpu' | 'mem' | 'iops' | 'diskRate' | 'net';
const TREND_ROW: Record<TrendKind, (l: CasLoad) => Body> = {
  cpu: (l) => ({ rate: l.cpuRate }),
  mem: (l) => ({ rate: l.memRate }),
  iops: (l) => ({ read: l.readIops, write: l.writeIops }),
  diskRate: (l) => ({ read: l.diskReadKBps, write: l.diskWriteKBps }),
  net: (l) => ({ read: l.netInKBps, write: l.netOutKBps }),
};
const VM_TRENDS: Record<string, TrendKind> = {
  cpuTrend: 'cpu',
  memTrend: 'mem',
  IOPSTrend: 'iops',
  diskRateTrend: 'diskRate',
  netRwTrend: 'net',
};
const HOST_TRENDS: Record<string, TrendKind> = {
  cpuTrend: 'cpu',
  memTrend: 'mem',
  diskIOPSTrend: 'iops',
  ioRwTrend: 'diskRate',
  netRwTrend: 'net',
};

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeCas(options: FakeCasOptions = {}): Promise<FakeCas> {
  const estate = options.estate ?? buildFakeCasEstate(options);
  const username = options.username ?? 'admin';
  const password = options.password ?? 'Cas-Passw0rd!';
  const realm = options.realm ?? 'VMC RESTful Web Services';
  const version = options.version ?? 'V7.0 (E0785)';
  const maxPageSize = options.maxPageSize ?? 100;
  const xmlOnly = new Set(options.xmlOnly ?? ['/version']);
  let behaviour: FakeCasBehaviour = { ...options.behaviour };
  const users = new Map([[username, password]]);
  const digest = new DigestVerifier(realm, () => users, options.nonceTtlMs ?? 300_000);
  const stats: FakeCasStats = { byRoute: new Map(), challenges: 0, refused: 0, maxInFlight: 0, connections: 0 };

  const vmsById = new Map(estate.vms.map((v) => [v.id, v]));
  const hostsById = new Map(estate.hosts.map((h) => [h.id, h]));
  const guestsOf = new Map<number, CasVm[]>();
  for (const vm of estate.vms) guestsOf.set(vm.hostId, [...(guestsOf.get(vm.hostId) ?? []), vm]);
  const idOf = (text: string | undefined) => {
    const id = Number(text);
    if (!Number.isInteger(id)) throw new NotFound();
    return id;
  };
  const vmOf = (text: string | undefined) => vmsById.get(idOf(text));
  const hostOf = (text: string | undefined) => hostsById.get(idOf(text));
  const trend = (times: number[], row: (t: number) => Body): Body => ({
    trend: times.map((t) => ({ time: Math.round(t / 1000), ...row(t) })),
  });
  const notFound = (what: string): Answer => ({ status: 409, code: '6001', message: `${what} does not exist` });

  /**
   * Operations answer at once with a message id; `/message/{msgId}` tells their progress until they complete, and
   * only then has the VM changed.
   */
  const messages = new Map<string, { vm: CasVm; status: CasVm['status']; startedAt: number }>();
  let nextMessage = 1;
  const operationMs = options.operationMs ?? 1000;
  function operate(path: string): [string, Answer] {
    const m = path.match(/^\/vm\/(start|stop)\/([^/]+)$/);
    if (!m) throw new NotFound();
    const name = `/vm/${m[1]}/{id}`;
    const vm = vmOf(m[2]);
    if (!vm) return [name, notFound(`VM ${m[2]}`)];
    const msgId = String(nextMessage++);
    messages.set(msgId, { vm, status: m[1] === 'start' ? 'running' : 'shutOff', startedAt: Date.now() });
    return [name, { root: 'message', body: { msgId } }];
  }
  function message(msgId: string): Answer {
    const op = messages.get(msgId);
    if (!op) return notFound(`message ${msgId}`);
    const progress = Math.min(100, Math.floor((100 * (Date.now() - op.startedAt)) / Math.max(1, operationMs)));
    if (progress === 100) op.vm.status = op.status;
    return {
      root: 'message',
      body: { msgId, progress, completed: progress === 100, result: progress === 100 ? 'success' : '' },
    };
  }

  function route(path: string, query: URLSearchParams): [string, Answer] {
    let m: RegExpMatchArray | null;
    if ((m = path.match(/^\/message\/([^/]+)$/))) return ['/message/{msgId}', message(m[1]!)];
    if (path === '/version') return ['/version', { root: 'version', body: { '#text': version } }];
    if (path === '/hostpool/all') return [path, { root: 'list', body: { hostPool: estate.hostPools } }];
    if (path === '/cluster/clusters') {
      const pool = query.get('hostPoolId');
      const clusters = estate.clusters.filter((c) => pool === null || String(c.hostPoolId) === pool);
      return [path, { root: 'list', body: { cluster: clusters } }];
    }
    if (path === '/cluster/hosts') {
      const cluster = query.get('clusterId');
      const { totalSize, items } = page(
        estate.hosts.filter((h) => String(h.clusterId) === cluster),
        query,
        maxPageSize,
      );
      return [path, { root: 'list', body: { totalSize, host: items.map(hostView) } }];
    }
    if (path === '/vm/vmList') {
      const hostId = query.get('hostId');
      const { totalSize, items } = page(
        estate.vms.filter((v) => hostId === null || String(v.hostId) === hostId),
        query,
        maxPageSize,
      );
      const domains = items.map((v) => vmSummary(v, hostsById.get(v.hostId)?.name ?? ''));
      return [path, { root: 'list', body: { totalSize, domain: domains } }];
    }
    if ((m = path.match(/^\/vm\/detail\/([^/]+)$/))) {
      const vm = vmOf(m[1]);
      if (!vm) return ['/vm/detail/{id}', notFound(`VM ${m[1]}`)];
      const { behaviour: _truth, disks, ...fields } = vm;
      const detail = { ...fields, storage: disks.map(diskView) };
      return ['/vm/detail/{id}', { root: 'domain', body: detail }];
    }
    if (path === '/vmTemplate/vmTemplateList') {
      const { totalSize, items } = page(estate.templates, query, maxPageSize);
      const templates = items.map(({ disks, ...t }) => ({ ...t, storage: disks.map(diskView) }));
      return [path, { root: 'list', body: { totalSize, vmTemplate: templates } }];
    }
    if ((m = path.match(/^\/vm\/id\/([^/]+)\/monitor$/))) {
      const vm = vmOf(m[1]);
      if (!vm) return ['/vm/id/{id}/monitor', notFound(`VM ${m[1]}`)];
      const load = casVmLoad(vm, Date.now());
      return ['/vm/id/{id}/monitor', { root: 'record', body: { cpuRate: load.cpuRate, memRate: load.memRate } }];
    }
    if ((m = path.match(/^\/vm\/([^/]+)\/([A-Za-z]+)$/)) && VM_TRENDS[m[2]!]) {
      const vm = vmOf(m[1]);
      const name = `/vm/{id}/${m[2]}`;
      if (!vm) return [name, notFound(`VM ${m[1]}`)];
      const row = TREND_ROW[VM_TRENDS[m[2]!]!];
      const times = vm.status === 'running' ? trendTimes(query) : [];
      return [name, { root: 'list', body: trend(times, (t) => row(casVmLoad(vm, t))) }];
    }
    if ((m = path.match(/^\/host\/([^/]+)\/([A-Za-z]+)$/)) && HOST_TRENDS[m[2]!]) {
      const host = hostOf(m[1]);
      const name = `/host/{id}/${m[2]}`;
      if (!host) return [name, notFound(`host ${m[1]}`)];
      const row = TREND_ROW[HOST_TRENDS[m[2]!]!];
      const guests = guestsOf.get(host.id) ?? [];
      return [name, { root: 'list', body: trend(trendTimes(query), (t) => row(casHostLoad(host, guests, t))) }];
    }
    throw new NotFound();
  }

  function send(req: IncomingMessage, res: ServerResponse, path: string, answer: Answer): void {
    if ('status' in answer) {
      res.writeHead(409, { 'Error-Code': answer.code, 'Error-Message': answer.message, 'Content-Length': 0 });
      res.end();
      return;
    }
    const json = !xmlOnly.has(path) && /application\/json/i.test(req.headers.accept ?? '');
    if (json) {
      const body = Object.fromEntries(
        Object.entries(answer.body).map(([k, v]) => [k, Array.isArray(v) ? jsonList(v.map(jsonItem)) : v]),
      );
      const text =
        '#text' in answer.body ? JSON.stringify({ [answer.root]: answer.body['#text'] }) : JSON.stringify(body);
      res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' });
      res.end(text);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/xml;charset=UTF-8' });
    res.end(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${xml.build({ [answer.root]: answer.body })}`);
  }

  let inFlight = 0;
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    if (behaviour.silent === 'all') return;
    const url = new URL(req.url ?? '/', 'http://cas');
    const verdict = digest.verify(req.method ?? 'GET', req.url ?? '', req.headers.authorization);
    if (verdict !== 'ok') {
      if (verdict === 'refused') stats.refused++;
      stats.challenges++;
      res.writeHead(401, {
        'WWW-Authenticate': digest.challenge(verdict === 'stale'),
        'Content-Type': 'text/html;charset=utf-8',
      });
      res.end(
        verdict === 'refused'
          ? '<html><body><h1>HTTP Status 401 - Bad credentials</h1></body></html>'
          : '<html><body><h1>HTTP Status 401 - Full authentication is required to access this resource</h1></body></html>',
      );
      return;
    }
    if (behaviour.silent === 'after-challenge') return;
    const answer = () => {
      if (!['GET', 'PUT'].includes(req.method ?? '') || !url.pathname.startsWith(`${BASE}/`)) {
        res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>Not Found</body></html>');
        return;
      }
      const path = url.pathname.slice(BASE.length);
      try {
        const [name, result] = req.method === 'PUT' ? operate(path) : route(path, url.searchParams);
        stats.byRoute.set(name, (stats.byRoute.get(name) ?? 0) + 1);
        send(req, res, path, result);
      } catch (error) {
        if (!(error instanceof NotFound)) throw error;
        res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>Not Found</body></html>');
      }
    };
    if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
    else answer();
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    username,
    password,
    realm,
    version,
    estate,
    stats,
    configure(next) {
      behaviour = { ...behaviour, ...next };
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Lists inside an item (a VM's disks) follow the same one-element rule. */
function jsonItem(item: unknown): unknown {
  if (!item || typeof item !== 'object') return item;
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, Array.isArray(v) ? jsonList(v) : v]));
}
