import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsCredentials } from '@justfit/events';
import { authOptions } from '@justfit/events';
import { connect } from '@nats-io/transport-node';

/** Every message of every JetStream stream, as text (headers and payload), for assertions over the whole log. */
export async function allStreamMessages(
  natsUrl: string,
  auth?: NatsCredentials,
): Promise<Array<{ stream: string; subject: string; text: string; headers: string }>> {
  const nc = await connect({ servers: natsUrl, ...authOptions(auth) });
  try {
    const jsm = await jetstreamManager(nc);
    const out: Array<{ stream: string; subject: string; text: string; headers: string }> = [];
    for await (const info of jsm.streams.list()) {
      const { first_seq: first, last_seq: last } = info.state;
      for (let seq = first; seq <= last && last > 0; seq++) {
        const msg = await jsm.streams.getMessage(info.config.name, { seq }).catch(() => null);
        if (!msg) continue;
        const headers = msg.header ? [...msg.header.keys()].map((k) => `${k}: ${msg.header!.get(k)}`).join('\n') : '';
        out.push({ stream: info.config.name, subject: msg.subject, text: new TextDecoder().decode(msg.data), headers });
      }
    }
    return out;
  } finally {
    await nc.close();
  }
}

/** Every row of every table in the JustFit database, as JSON text. */
export async function allTableRows(clickhouseUrl: string): Promise<Array<{ table: string; text: string }>> {
  const client = createClient({ url: clickhouseUrl, database: 'justfit' });
  try {
    const tables = await (
      await client.query({
        query: `SELECT name FROM system.tables WHERE database = 'justfit' AND engine NOT LIKE '%View%'`,
        format: 'JSONEachRow',
      })
    ).json<{ name: string }>();
    const out: Array<{ table: string; text: string }> = [];
    for (const { name } of tables) {
      const rs = await client.query({ query: `SELECT * FROM justfit.\`${name}\` LIMIT 200000`, format: 'JSONEachRow' });
      out.push({ table: name, text: await rs.text() });
    }
    return out;
  } finally {
    await client.close();
  }
}

/**
 * Every file under a directory, recursively, as text. A running ClickHouse replaces parts as it merges them, so a
 * file or folder listed can be gone when it is read: the walk then starts again, until one pass reads all it listed.
 */
export async function allFiles(dir: string, attempts = 5): Promise<Array<{ path: string; text: string }>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const out: Array<{ path: string; text: string }> = [];
      for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        out.push({ path, text: (await readFile(path)).toString('latin1') });
      }
      return out;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= attempts) throw e;
    }
  }
}
