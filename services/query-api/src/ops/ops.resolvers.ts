import type { ApiContext } from '../graphql/context';

export const opsResolvers = {
  Query: {
    diagnosticsPackage: (_: unknown, __: unknown, ctx: ApiContext) => ctx.ops.diagnostics(),
    checkUpdate: (_: unknown, __: unknown, ctx: ApiContext) => ctx.ops.checkUpdate(),
  },
};
