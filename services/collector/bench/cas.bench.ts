/**
 * H3C CAS connector benchmark against the fake CAS (its own process) with 2,000 VMs: the inventory (lists, every
 * VM's detail, templates) and one hour of 5-minute trends (CPU, memory, disk, IOPS, network) for every running VM
 * and host. The baseline is a plain sequential client of the same endpoints, in this script: one request at a time
 * over one kept-alive connection, answering the same Digest challenge.
 * Prints the figures, then as the last line one JSON object {"justfit_s","sequential_s","ratio"} (medians).
 *
 *   npm run bench:collector -- --platform h3c          # BENCH_ROUNDS=3, BENCH_CAS_VMS=2000
 *   BENCH_CAS_CONCURRENCY=16 npm run bench:collector -- --platform h3c
 *   BENCH_CAS_DELAY_MS=5 npm run bench:collector -- --platform h3c   # a CVM that takes 5 ms to answer each request
 */
import { Agent } from 'node:http';
import type { RawEntity } from '@justfit/events';
import { spawnFakeCas, type FakeCasProcess } from '@justfit/testing/fake-cas-process';
import { EndpointPolicy } from '../src/adapters/endpoint-policy';
import { CasConnector } from '../src/adapters/h3c/cas-connector';
import { DigestSession, pickDigestChallenge } from '../src/adapters/h3c/digest-auth';
import { listOf, num, str, type CasRecord } from '../src/adapters/h3c/cas-values';
import { CAS_TRENDS } from '../src/adapters/h3c/cas-metrics';

const VMS = Number(process.env.BENCH_CAS_VMS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CAS_CONCURRENCY ?? 8);
const DELAY_MS = Number(process.env.BENCH_CAS_DELAY_MS ?? 0);
const PAGE = 100;
const STEP_S = 300;
const NO_SCOPE = { clusterIds: [], hostIds: [], vmIds: [] };

interface Run {
  seconds: number;
  inventorySeconds: number;
  objects: number;
  samples: number;
  requests: number;
}

function windowNow() {
  const endTime = Math.floor(Date.now() / (STEP_S * 1000)) * STEP_S * 1000;
  return { startTime: endTime - 3_600_000, endTime, intervalSec: STEP_S };
}

async function justfit(cas: FakeCasProcess): Promise<Run> {
  const started = performance.now();
  const connector = new CasConnector(
    { endpoint: cas.host, port: cas.port, username: cas.username, password: cas.password, verifyTls: true },
    {
      endpointPolicy: new EndpointPolicy({ allowed: ['127.0.0.1/32'] }),
      concurrency: CONCURRENCY,
      maxSockets: CONCURRENCY,
    },
  );
  const entities: RawEntity[] = [];
  for await (const page of connector.inventory(NO_SCOPE)) entities.push(...page);
  const inventorySeconds = (performance.now() - started) / 1000;
  let samples = 0;
  for await (const page of connector.metrics({ scope: NO_SCOPE, ...windowNow(), counters: [], entities }))
    samples += page.length;
  await connector.close();
  return {
    seconds: (performance.now() - started) / 1000,
    inventorySeconds,
    objects: entities.length,
    samples,
    requests: 0,
  };
}

/** One request at a time: what a script calling the same endpoints in a loop does. */
async function sequential(cas: FakeCasProcess): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let session: DigestSession | undefined;
  let requests = 0;
  const get = async (path: string, query: Record<string, string | number> = {}): Promise<CasRecord> => {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    const target = `/cas/casrs${path}${search.size ? `?${search}` : ''}`;
    for (;;) {
      requests++;
      const res = await fetchVia(agent, `${cas.url}${target}`, session?.authorization('GET', target));
      if (res.status === 401) {
        session = new DigestSession(pickDigestChallenge(res.authenticate)!, cas.username, cas.password);
        continue;
      }
      if (res.status !== 200) throw new Error(`${target}: HTTP ${res.status}`);
      // /version answers XML only; the rest is asked for, and read, as JSON.
      return (res.body.startsWith('<') ? {} : JSON.parse(res.body)) as CasRecord;
    }
  };
  const started = performance.now();
  let objects = 0;
  await get('/version');
  const pools = listOf(await get('/hostpool/all'), 'hostPool');
  const hostIds: string[] = [];
  const running: string[] = [];
  const paged = async (
    path: string,
    key: string,
    query: Record<string, string | number>,
    each: (r: CasRecord) => void,
  ) => {
    for (let offset = 0; ;) {
      const body = await get(path, { ...query, offset, limit: PAGE });
      const items = listOf(body, key);
      items.forEach(each);
      offset += items.length;
      if (!items.length || offset >= num(body.totalSize)) return;
    }
  };
  for (const pool of pools) {
    const clusters = listOf(await get('/cluster/clusters', { hostPoolId: str(pool.id) }), 'cluster');
    objects += clusters.length;
    for (const cluster of clusters)
      await paged('/cluster/hosts', 'host', { clusterId: str(cluster.id) }, (h) => {
        objects++;
        if (num(h.status) === 1) hostIds.push(str(h.id));
      });
  }
  const vmIds: string[] = [];
  await paged('/vm/vmList', 'domain', {}, (vm) => vmIds.push(str(vm.id)));
  for (const id of vmIds) {
    const detail = await get(`/vm/detail/${id}`);
    objects++;
    if (str(detail.status) === 'running') running.push(id);
  }
  await paged('/vmTemplate/vmTemplateList', 'vmTemplate', {}, () => objects++);
  const inventorySeconds = (performance.now() - started) / 1000;
  const window = windowNow();
  const query = { startTime: window.startTime, endTime: window.endTime, interval: window.intervalSec };
  let samples = 0;
  const count = (body: CasRecord, trend: (typeof CAS_TRENDS)[number]) =>
    (samples += listOf(body, 'trend').length * (trend.counter === 'disk.iops' ? 2 : 1));
  for (const id of running) for (const trend of CAS_TRENDS) count(await get(`/vm/${id}/${trend.vmPath}`, query), trend);
  for (const id of hostIds)
    for (const trend of CAS_TRENDS) count(await get(`/host/${id}/${trend.hostPath}`, query), trend);
  agent.destroy();
  return { seconds: (performance.now() - started) / 1000, inventorySeconds, objects, samples, requests };
}

/** A GET over one agent: node:http, as the connector uses, so the baseline pays no other client's costs. */
async function fetchVia(agent: Agent, url: string, authorization: string | undefined) {
  const { request } = await import('node:http');
  return new Promise<{ status: number; body: string; authenticate: string | undefined }>((resolve, reject) => {
    const req = request(
      url,
      { agent, headers: { Accept: 'application/json', ...(authorization ? { Authorization: authorization } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            authenticate: res.headers['www-authenticate'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (r: Run) =>
  `${r.seconds.toFixed(2)} s (inventory ${r.inventorySeconds.toFixed(2)} s, ${r.objects} objects, ${r.samples} samples${r.requests ? `, ${r.requests} requests` : ''})`;

export async function benchCas(): Promise<void> {
  const t0 = performance.now();
  const cas = await spawnFakeCas({ vms: VMS, vmsPerHost: 20, maxPageSize: PAGE, behaviour: { delayMs: DELAY_MS } });
  console.log(
    `fake CAS: ${VMS} VMs, 20 per host, answering after ${DELAY_MS} ms, in its own process, ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(
    `workload: inventory + ${3_600_000 / 60_000} min of ${STEP_S} s trends (${CAS_TRENDS.map((t) => t.counter).join(', ')}) per running VM and host; JustFit with ${CONCURRENCY} requests in flight vs one at a time`,
  );
  try {
    const ours: Run[] = [];
    const theirs: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 ? [justfit, sequential] : [sequential, justfit];
      for (const contender of order) {
        const result = await contender(cas);
        (contender === justfit ? ours : theirs).push(result);
        console.log(`round ${round} ${contender === justfit ? 'justfit   ' : 'sequential'}: ${fmt(result)}`);
      }
    }
    const justfitS = median(ours.map((r) => r.seconds));
    const sequentialS = median(theirs.map((r) => r.seconds));
    console.log(`median justfit ${justfitS.toFixed(2)} s, sequential ${sequentialS.toFixed(2)} s`);
    console.log(
      JSON.stringify({
        justfit_s: Number(justfitS.toFixed(3)),
        sequential_s: Number(sequentialS.toFixed(3)),
        ratio: Number((justfitS / sequentialS).toFixed(3)),
      }),
    );
  } finally {
    await cas.stop();
  }
}
