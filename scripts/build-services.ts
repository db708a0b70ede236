/**
 * Compiles each service's TypeScript into one ES module, `services/<name>/dist/main.js` (with a source map; a tool
 * beside it, `src/<tool>.main.ts`, becomes `dist/<tool>.js`), so the image runs plain JavaScript on Node instead of
 * compiling with tsx at every start.
 *
 *   node --import tsx scripts/build-services.ts              # every service
 *   node --import tsx scripts/build-services.ts etl query-api
 *
 * Why esbuild: the workspaces export their TypeScript sources (`"main": "./src/index.ts"`) and import without file
 * extensions (moduleResolution "Bundler"), which `tsc` would emit as ES modules Node cannot load; esbuild resolves
 * them as tsx does in development (same compiler, same decorator semantics) and type checking stays with `tsc`.
 * Only JustFit's own code (`@justfit/*` and relative imports) goes into the bundle; every other package stays an
 * import of `node_modules`, installed in the image by `npm ci --omit=dev`, so native, optional and lazily loaded
 * modules behave exactly as in development.
 */
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every folder under services/ is a service with `src/main.ts`. */
export function serviceNames(): string[] {
  return readdirSync(join(repoRoot, 'services'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function compiledEntry(service: string): string {
  return join(repoRoot, 'services', service, 'dist', 'main.js');
}

/** The package folder Node finds for `name` from `dir`: the nearest `node_modules/<name>` up the tree. */
function packageDirFrom(dir: string, name: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(at) === at) return undefined;
  }
}

const versionOf = (packageDir: string | undefined) =>
  packageDir
    ? (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version
    : '-';

/**
 * Leaves third-party packages as imports of node_modules; bundles JustFit's workspaces. A workspace's own copy of a
 * package (npm nests it when the hoisted one is another major version) is not what the bundle finds from
 * `services/<name>/dist`: such an import fails the build, naming the dependency the service must declare.
 */
function nodeModulesStayExternal(outdir: string, mismatches: string[]): Plugin {
  return {
    name: 'node-modules-stay-external',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@justfit/')) return undefined;
        const name = packageOf(args.path);
        if (!args.path.startsWith('node:') && !builtinModules.includes(args.path) && args.importer) {
          const wanted = packageDirFrom(dirname(args.importer), name);
          const found = packageDirFrom(outdir, name);
          if (wanted && wanted !== found && versionOf(wanted) !== versionOf(found))
            mismatches.push(
              `${relative(repoRoot, args.importer)} uses ${name}@${versionOf(wanted)}, the bundle would load ` +
                `${name}@${versionOf(found)}`,
            );
        }
        return { external: true };
      });
    },
  };
}

/**
 * `new URL('./schema.graphql', import.meta.url)` must keep pointing at the source tree's files once bundled: each
 * module's `import.meta.url` becomes the URL of its own source file, located from the bundle's position
 * (`services/<name>/dist/main.js`, three levels below the repository root). The image ships those non-TypeScript
 * files at the same paths.
 */
function moduleUrlsOfSources(outdir: string): Plugin {
  const rootFromBundle = relative(outdir, repoRoot).split(sep).join('/') + '/';
  return {
    name: 'module-urls-of-sources',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
        const fromRoot = relative(repoRoot, args.path).split(sep).join('/');
        const moduleUrl = `new URL(${JSON.stringify(rootFromBundle + fromRoot)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', moduleUrl), loader: 'ts' };
      });
    },
  };
}

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function workspaceManifests(): Map<string, Manifest> {
  const manifests = new Map<string, Manifest>();
  for (const group of ['libs', 'services']) {
    for (const entry of readdirSync(join(repoRoot, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const manifest = JSON.parse(readFileSync(join(repoRoot, group, entry.name, 'package.json'), 'utf8')) as Manifest;
      manifests.set(manifest.name, manifest);
    }
  }
  return manifests;
}

/** The packages a service may import at run time: the production dependencies of it and of its workspaces. */
function runtimePackages(service: string): Set<string> {
  const manifests = workspaceManifests();
  const allowed = new Set<string>();
  const visit = (name: string) => {
    const manifest = manifests.get(name);
    if (!manifest) return;
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      if (allowed.has(dep)) continue;
      allowed.add(dep);
      visit(dep);
    }
  };
  visit(`@justfit/${service}`);
  return allowed;
}

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * The image installs production dependencies only (`npm ci --omit=dev`); a package the bundle imports that is a
 * development dependency, or is only hoisted from another workspace, works here and fails in the image.
 */
function assertImportsAreDependencies(service: string, imports: readonly string[]): void {
  const allowed = runtimePackages(service);
  const builtins = new Set(builtinModules);
  const missing = [
    ...new Set(
      imports
        .filter((specifier) => !specifier.startsWith('node:') && !builtins.has(specifier))
        .map(packageOf)
        .filter((name) => !allowed.has(name)),
    ),
  ];
  if (missing.length) {
    throw new Error(
      `${service} imports ${missing.join(', ')}, which is not a production dependency of @justfit/${service} ` +
        `or of a workspace it depends on: add it to that package's "dependencies" (npm i -E -w <workspace> <package>)`,
    );
  }
}

/** A service's entry points: `src/main.ts` (the service) and any `src/<tool>.main.ts` (e.g. a chart hook's job). */
function entryPoints(service: string): Array<{ in: string; out: string }> {
  const src = join(repoRoot, 'services', service, 'src');
  const tools = readdirSync(src)
    .filter((file) => file.endsWith('.main.ts'))
    .map((file) => ({ in: join(src, file), out: file.slice(0, -'.main.ts'.length) }));
  return [{ in: join(src, 'main.ts'), out: 'main' }, ...tools];
}

export async function buildService(service: string): Promise<string> {
  const outfile = compiledEntry(service);
  rmSync(dirname(outfile), { recursive: true, force: true });
  const mismatches: string[] = [];
  const result = await build({
    entryPoints: entryPoints(service),
    outdir: dirname(outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The oldest Node JustFit supports (engines); the image runs a newer LTS.
    target: 'node20',
    sourcemap: true,
    // The root tsconfig covers every workspace (experimentalDecorators for Nest).
    tsconfig: join(repoRoot, 'tsconfig.json'),
    plugins: [nodeModulesStayExternal(dirname(outfile), mismatches), moduleUrlsOfSources(dirname(outfile))],
    metafile: true,
    logLevel: 'warning',
  });
  const imports = Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.filter((i) => i.external).map((i) => i.path),
  );
  assertImportsAreDependencies(service, imports);
  if (mismatches.length) {
    throw new Error(
      `${service}: ${[...new Set(mismatches)].join('; ')}: add that version to @justfit/${service}'s ` +
        `"dependencies" (npm i -E -w @justfit/${service} <package>@<version>)`,
    );
  }
  return outfile;
}

export async function buildServices(services: readonly string[] = serviceNames()): Promise<string[]> {
  const known = new Set(serviceNames());
  const unknown = services.filter((s) => !known.has(s));
  if (unknown.length) throw new Error(`unknown service(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  return Promise.all(services.map(buildService));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outputs = await buildServices(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
  for (const out of outputs) process.stdout.write(`${relative(repoRoot, out)}\n`);
}
