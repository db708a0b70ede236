import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver types from the SDL: `npm run codegen -w @justfit/query-api` writes them, the test run checks them
 * (`codegen:check`). Mappers name what a resolver's parent really is where it is not the SDL type itself.
 */
const config: CodegenConfig = {
  schema: [
    'src/graphql/schema.graphql',
    'src/inventory/inventory.graphql',
    'src/imports/imports.graphql',
    'src/auth/access.graphql',
    'src/settings/settings.graphql',
    'src/ops/ops.graphql',
    'src/reports/reports.graphql',
    'src/jobs/jobs.graphql',
    'src/tasks/tasks.graphql',
    'src/system/system.graphql',
    'src/agents/agents.graphql',
  ],
  generates: {
    'src/graphql/resolvers-types.generated.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: './context#ApiContext',
        scalars: { JSON: 'unknown' },
        // graphql-js sends null for a missing result, whether a resolver gives null or undefined.
        maybeValue: 'T | null | undefined',
        mappers: {
          Finding: '@justfit/storage#FindingRow',
          Vm: '@justfit/storage#InventoryVm',
          Host: '@justfit/storage#InventoryHost',
          TaskEvent: '../live/task-events#TaskEvent as LiveTaskEvent',
          Job: '../jobs/job-replies#JobReply',
          JobRun: '../jobs/job-replies#JobRunReply',
          JobWork: '../jobs/job-replies#JobWorkRef',
        },
      },
    },
  },
};
export default config;
