import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../src/graphql/security-plugins';
import { type GraphQLHarness, startGraphQLHarness } from './graphql-harness';

const LIMIT = 1024 * 1024;
const IMPORT = `mutation($file: File!) { importMetrics(file: $file, name: "limits") { id status rowsRead } }`;
const T0 = Date.UTC(2026, 9, 5);

/** A wide-form file of about `bytes` bytes. */
function csvOf(bytes: number): string {
  const lines = ['vm,timestamp,cpu.usage_pct'];
  let size = lines[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const line = `vm-${i % 50},${new Date(T0 - i * 300_000).toISOString()},${i % 90}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function multipart(csv: string): FormData {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: IMPORT, variables: { file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new File([csv], 'export.csv'));
  return form;
}

describe('import - upload limits over HTTP', () => {
  let h: GraphQLHarness;
  let url: string;
  let auth: Record<string, string>;
  beforeAll(async () => {
    h = await startGraphQLHarness({ env: { IMPORT_MAX_FILE_MB: String(LIMIT / 1024 / 1024) } });
    ({ url } = await h.listen());
    auth = { authorization: `Bearer ${h.adminToken}`, [CSRF_HEADER]: '1' };
  });
  afterAll(async () => {
    await h?.stop();
  });
  const spooled = () => readdirSync(join(h.ch.dataDir, 'uploads'));

  it('import - a file over the limit is refused with 400 and the reason before its body is read', async () => {
    const res = await fetch(url, { method: 'POST', headers: auth, body: multipart(csvOf(4 * LIMIT)) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/json/);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: number } }> };
    expect(body.errors[0]).toMatchObject({
      message: 'the file is over 1 MB: split it into several files',
      extensions: { code: 400 },
    });
    expect(spooled()).toEqual([]);
  });

  it('import - a file over the limit sent without a length (chunked) is cut off and refused with 400', async () => {
    const encoded = new Response(multipart(csvOf(2 * LIMIT)));
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': encoded.headers.get('content-type')! },
      body: encoded.body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: number } }> };
    expect(body.errors[0]).toMatchObject({ message: /the file is over 1 MB/, extensions: { code: 400 } });
    expect(spooled()).toEqual([]);
  });

  it('import - a file just under the limit goes in, and its spooled copy is deleted once published', async () => {
    const res = await fetch(url, { method: 'POST', headers: auth, body: multipart(csvOf(LIMIT - 4096)) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { importMetrics: { id: string; status: string; rowsRead: number } } };
    expect(body.data.importMetrics.rowsRead).toBeGreaterThan(20_000);
    for (let i = 0; i < 100 && spooled().length; i++) await sleep(100);
    expect(spooled()).toEqual([]);
  });

  it('import - a JSON request body over 25 MB is refused with 400, not 413', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(27_000_000) } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toBe(
      'the request body is over 25 MB',
    );
  });
});
