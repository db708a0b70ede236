import type { Resolvers } from '../graphql/resolvers-types.generated';
import { apiError } from '../graphql/errors';
import type { ApiContext } from '../graphql/context';
import { pageArgs } from '../inventory/args';
import { type ApiTokenView, tokenStatus } from './api-token-registry';
import { TokenCommandError } from './api-token-commands';
import { listAuditLog } from './audit-log';

const tokenView = (t: ApiTokenView) => ({ ...t, connectionId: t.connectionId ?? null, status: tokenStatus(t) });

async function tokenCommand<T>(ctx: ApiContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof TokenCommandError) throw apiError(e.code, e.message, ctx.traceId);
    throw e;
  }
}

export const accessResolvers: Resolvers = {
  Query: {
    me: (_, __, ctx) => {
      if (!ctx.principal) throw apiError(401, 'sign in first', ctx.traceId);
      return { ...ctx.principal, connectionId: ctx.principal.connectionId ?? null };
    },
    apiTokens: (_, a, ctx) =>
      ctx.access.tokens
        .list()
        .filter((t) => a.includeInactive || tokenStatus(t) === 'active')
        .map(tokenView),
    auditLog: async (_, a, ctx) => {
      const page = pageArgs(a, ctx);
      return {
        ...(await listAuditLog(ctx.clickhouse, {
          ...page,
          actorId: a.actorId ?? undefined,
          operation: a.operation ?? undefined,
        })),
        ...page,
      };
    },
  },
  Mutation: {
    createApiToken: (_, { input }, ctx) =>
      tokenCommand(ctx, async () => {
        const { token, secret } = await ctx.access.commands.create(
          {
            name: input.name,
            roles: input.roles,
            connectionId: input.connectionId ?? undefined,
            expiresInDays: input.expiresInDays ?? 90,
          },
          ctx.principal!,
          ctx.traceId,
        );
        return { token: tokenView(token), secret };
      }),
    revokeApiToken: (_, a, ctx) =>
      tokenCommand(ctx, async () => tokenView(await ctx.access.commands.revoke(a.id, ctx.principal!, ctx.traceId))),
  },
};
