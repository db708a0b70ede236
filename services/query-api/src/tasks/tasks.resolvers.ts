import { sendCommand } from '../graphql/commands';
import type { Resolvers } from '../graphql/resolvers-types.generated';
import { jsonObject } from '../graphql/json-object';
import { withoutNulls } from '../inventory/args';

export const taskResolvers: Resolvers = {
  Mutation: {
    startAnalysis: async (_, { input }, ctx) =>
      (
        await sendCommand(ctx, 'analyzer', 'StartAnalysis', {
          ...withoutNulls(input),
          options: jsonObject(input.options ?? {}, 'options', ctx),
        })
      ).runId,
  },
};
