import type { Resolvers } from '../graphql/resolvers-types.generated';

export const systemResolvers: Resolvers = {
  Query: {
    systemHealth: (_, __, ctx) => ctx.system.health(),
    systemMetrics: (_, __, ctx) => ctx.system.metrics(),
    systemInfo: (_, __, ctx) => ctx.system.info(),
  },
};
