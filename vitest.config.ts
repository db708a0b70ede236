import { defineConfig } from 'vitest/config';

// Test kinds live in the file name (Emmett style): *.unit.spec.ts, *.int.spec.ts (real nats-server, chDB, vcsim),
// *.e2e.spec.ts (all services as separate processes).
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['{libs,services}/**/*.unit.spec.ts'] } },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['{libs,services}/**/*.int.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each int suite starts its own servers; two cores do not like many at once.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['{libs,services,e2e}/**/*.e2e.spec.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
