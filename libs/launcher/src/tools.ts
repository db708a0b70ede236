import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Finds a native tool installed by scripts/install-tools.sh (or on PATH); fails with the fix in the message. */
export function toolPath(name: 'nats-server' | 'vcsim' | 'govc' | 'helm'): string {
  const dirs = [
    process.env.JUSTFIT_TOOLS_DIR ?? join(repoRoot, '.tools/bin'),
    ...(process.env.PATH ?? '').split(delimiter),
  ];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found: run scripts/install-tools.sh (installs it into .tools/bin)`);
}

/** The Node the image runs (24), installed for the tests by scripts/install-tools.sh; undefined where it could not be. */
export function imageNodePath(): string | undefined {
  const path = join(process.env.JUSTFIT_TOOLS_DIR ?? join(repoRoot, '.tools/bin'), '../node24/bin/node');
  return existsSync(path) ? path : undefined;
}
