/**
 * The chart's master-key hook Job (masterKey.create): creates the collector's sealing-key Secret if it is absent.
 *   MASTER_KEY_SECRET (name), MASTER_KEY_SECRET_KEY (data key, default master.key), POD_NAMESPACE
 */
import { readFileSync } from 'node:fs';
import { ensureMasterKeySecret, inClusterApi } from './secrets/master-key-secret';

const log = (level: 'info' | 'fatal', msg: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ level, service: 'master-key-secret', msg, ...extra })}\n`);

try {
  const name = process.env.MASTER_KEY_SECRET;
  if (!name) throw new Error('MASTER_KEY_SECRET: the name of the Secret to create is required');
  const namespace =
    process.env.POD_NAMESPACE || readFileSync('/var/run/secrets/kubernetes.io/serviceaccount/namespace', 'utf8').trim();
  const key = process.env.MASTER_KEY_SECRET_KEY || 'master.key';
  const outcome = await ensureMasterKeySecret(inClusterApi(), {
    namespace,
    name,
    key,
    labels: { 'app.kubernetes.io/part-of': 'justfit', 'app.kubernetes.io/component': 'collector' },
  });
  log('info', outcome === 'created' ? 'master key created' : 'master key exists: kept as it is', {
    secret: `${namespace}/${name}`,
  });
} catch (e) {
  log('fatal', (e as Error).message);
  process.exit(1);
}
