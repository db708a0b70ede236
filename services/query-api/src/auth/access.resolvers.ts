import { apiError } from '../graphql/errors';
import type { ApiContext } from '../graphql/context';
import { pageArgs } from '../inventory/args';
import { type ApiTokenView, tokenStatus } from './api-token-registry';
import { TokenCommandError } from './api-token-commands';
import { listAuditLog } from './audit-log';

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const tokenView = (t: ApiTokenView) => ({ ...t, connectionId: t.connectionId ?? null, status: tokenStatus(t) });

async function tokenCommand<T>(ctx: ApiContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof TokenCommandError) throw apiError(e.code, e.message, ctx.traceId);
    throw e;
  }
}

export const accessResolvers = {
  Query: {
    me: (_: unknown, __: Args, ctx: ApiContext) => ({
      ...ctx.principal,
      connectionId: ctx.principal?.connectionId ?? null,
    }),
    apiTokens: (_: unknown, a: Args, ctx: ApiContext) =>
      ctx.access.tokens
        .list()
        .filter((t) => a.includeInactive || tokenStatus(t) === 'active')
        .map(tokenView),
    auditLog: async (_: unknown, a: Args, ctx: ApiContext) => {
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
    createApiToken: (_: unknown, { input }: Args, ctx: ApiContext) =>
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
    revokeApiToken: (_: unknown, a: Args, ctx: ApiContext) =>
      tokenCommand(ctx, async () => tokenView(await ctx.access.commands.revoke(a.id, ctx.principal!, ctx.traceId))),
  },
};
