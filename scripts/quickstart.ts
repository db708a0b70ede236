/**
 * JustFit's main job on one machine: start everything on embedded defaults, collect a simulated estate, find its
 * zombie VMs, write JSON, HTML and PDF reports, print where to look, and keep serving until Ctrl-C.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ensureLocalMasterKey, GraphQLClient, GraphQLRequestError, repoRoot, startEstate } from '@justfit/launcher';

const dataDir = resolve(process.env.JUSTFIT_DATA_DIR ?? join(repoRoot, '.data'));
const exitWhenDone = process.argv.includes('--exit');
const say = (line: string) => process.stdout.write(`${line}\n`);

function progressBar(percent: number, message: string): void {
  const width = 30;
  const filled = Math.round((percent / 100) * width);
  const line = `  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent.toFixed(0).padStart(3)}%  ${message}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(100).slice(0, 100)}`);
  else say(line);
}

say(`JustFit: data directory ${dataDir} (delete it to start over)`);
ensureLocalMasterKey(join(dataDir, 'master.key'));
say('starting nats-server, embedded ClickHouse and the five services…');
const estate = await startEstate({
  dataDir,
  ports: {
    nats: 4222,
    clickhouse: 8123,
    'query-api': 4000,
    collector: 8081,
    etl: 8082,
    analyzer: 8083,
    reporter: 8084,
  },
});
const stop = async () => {
  say('\nstopping JustFit…');
  await estate.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

try {
  const api = new GraphQLClient(estate.graphqlUrl, estate.graphqlWsUrl, { token: estate.adminToken });
  const { connections } = await api.request<{ connections: Array<{ id: string; name: string }> }>(
    `{ connections { id name } }`,
  );
  let connectionId = connections.find((c) => c.name === 'demo-estate')?.id;
  if (!connectionId) {
    const created = await api.request<{ createConnection: { id: string } }>(
      `mutation { createConnection(input: { name: "demo-estate", type: simulated, endpoint: "demo.estate.local" }) { id } }`,
    );
    connectionId = created.createConnection.id;
  }
  say(`connection demo-estate (${connectionId}): collecting 7 days of 5-minute samples`);
  const { startCollectTask: taskId } = await api.request<{ startCollectTask: string }>(
    `mutation($c: ID!) { startCollectTask(input: { connectionId: $c }) }`,
    { c: connectionId },
  );
  let outcome = '';
  for await (const { taskProgress: e } of api.subscribe<{
    taskProgress: { kind: string; progress: number | null; message: string | null };
  }>(`subscription($t: ID) { taskProgress(taskId: $t) { kind progress message } }`, { t: taskId })) {
    if (e.progress !== null) progressBar(e.progress, e.message ?? '');
    if (['loaded', 'failed', 'cancelled'].includes(e.kind)) {
      outcome = `${e.kind}: ${e.message ?? ''}`;
      break;
    }
  }
  say(`\ncollect task ${taskId} ${outcome}`);

  say('the analyzers ran on the loaded data (zombie, rightsize, tidal, health):');
  const findings = await waitForFindings(api, connectionId);
  for (const type of ['zombie', 'rightsize', 'tidal', 'health']) {
    const ofType = findings.filter((f) => f.analysisType === type);
    say(`  ${type}: ${ofType.length} finding${ofType.length === 1 ? '' : 's'}`);
    for (const f of ofType.slice(0, type === 'zombie' ? 10 : 3)) {
      say(`    ${f.entityName.padEnd(28)} ${(f.confidence * 100).toFixed(0).padStart(3)}%  ${f.conclusion}`);
    }
  }
  say('writing the reports:');
  const reports: Array<{ format: string; path: string; downloadUrl: string }> = [];
  for (const format of ['json', 'html', 'pdf'] as const) {
    reports.push(await writeReport(api, estate.adminToken, connectionId, format));
  }
  say('');
  say(`GraphQL API (queries, mutations, subscriptions): ${estate.graphqlUrl}`);
  for (const r of reports) {
    say(`${`${r.format} report:`.padEnd(13)}${r.path}`);
  }
  say(`             ${reports[0]!.downloadUrl} (with the same Authorization header)`);
  say(`logs:   ${join(dataDir, 'logs')}`);
  say(`admin token: ${estate.adminTokenFile} (mode 0600; send it as Authorization: Bearer <token>)`);
  say(
    `try:    curl -s ${estate.graphqlUrl} -H "Authorization: Bearer $(cat ${estate.adminTokenFile})" -H 'content-type: application/json' -d '{"query":"{ findings { entityName conclusion savings { amount } } }"}'`,
  );
  if (exitWhenDone) await stop();
  say('JustFit keeps running; press Ctrl-C to stop.');
} catch (e) {
  say(
    `\nthe main job failed: ${e instanceof GraphQLRequestError ? e.message : e instanceof Error ? e.stack : JSON.stringify(e)}`,
  );
  say(`see the logs in ${join(dataDir, 'logs')}`);
  await estate.stop();
  process.exit(1);
}

async function waitForFindings(api: GraphQLClient, connectionId: string) {
  type F = { analysisType: string; entityName: string; confidence: number; conclusion: string };
  const deadline = Date.now() + 60_000;
  let last: F[] = [];
  while (Date.now() < deadline) {
    const { findings } = await api.request<{ findings: F[] }>(
      `query($c: ID) { findings(connectionId: $c) { analysisType entityName confidence conclusion } }`,
      { c: connectionId },
    );
    if (findings.length > 0 && findings.length === last.length) return findings;
    last = findings;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return last;
}

/** Requests a report, follows it to its end (reports are tasks) and saves its file beside the others. */
async function writeReport(api: GraphQLClient, token: string, connectionId: string, format: 'json' | 'html' | 'pdf') {
  const { generateReport } = await api.request<{ generateReport: { id: string } }>(
    `mutation($c: ID, $f: ReportFormat) { generateReport(input: { format: $f, connectionId: $c }) { id } }`,
    { c: connectionId, f: format },
  );
  const reportId = generateReport.id;
  for await (const { taskProgress: e } of api.subscribe<{
    taskProgress: { kind: string; progress: number | null; message: string | null };
  }>(`subscription($t: ID) { taskProgress(taskId: $t) { kind progress message } }`, { t: reportId })) {
    if (e.progress !== null) progressBar(e.progress, `${format}: ${e.message ?? ''}`);
    if (e.kind === 'failed') throw new Error(`the ${format} report failed: ${e.message ?? ''}`);
    if (e.kind === 'succeeded') break;
  }
  if (process.stdout.isTTY) say('');
  const downloadUrl = await until(async () => {
    const { report } = await api.request<{ report: { status: string; downloadUrl: string | null } | null }>(
      `query($r: ID!) { report(id: $r) { status downloadUrl } }`,
      { r: reportId },
    );
    return report?.downloadUrl ?? undefined;
  });
  const res = await fetch(downloadUrl, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`downloading the ${format} report answered ${res.status}`);
  const path = join(dataDir, 'reports', `${reportId}.${format}`);
  await mkdir(join(dataDir, 'reports'), { recursive: true });
  await writeFile(path, Buffer.from(await res.arrayBuffer()), { mode: 0o640 });
  return { format, path, downloadUrl };
}

/** The read model follows the events by a moment. */
async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('the report did not reach the read model in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}
