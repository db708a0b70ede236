import type { Resolvers } from '../graphql/resolvers-types.generated';

export const opsResolvers: Resolvers = {
  Query: {
    diagnosticsPackage: (_, __, ctx) => ctx.ops.diagnostics(),
    checkUpdate: (_, __, ctx) => ctx.ops.checkUpdate(),
  },
};
