import { apiError } from '../graphql/errors';
import type { Resolvers } from '../graphql/resolvers-types.generated';
import { SettingsRejected, type SettingsPatch, type SettingsState } from './settings.decider';

const view = (state: SettingsState) => ({
  ...state.settings,
  revision: state.revision,
  updatedAt: state.lastChange?.at ?? null,
  updatedBy: state.lastChange?.by ?? null,
});

/** GraphQL input objects carry null for fields left out; the patch has them absent. */
function defined<T extends object>(input: T | null | undefined): { [K in keyof T]?: Exclude<T[K], null> } | undefined {
  if (!input) return undefined;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };
}

export const settingsResolvers: Resolvers = {
  Query: {
    settings: async (_, __, ctx) => view(await ctx.settings.current()),
    settingsHistory: async (_, a, ctx) => {
      const limit = a.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw apiError(400, 'limit must be from 1 to 1000', ctx.traceId);
      return ctx.settings.history(limit);
    },
  },
  Mutation: {
    updateSettings: async (_, { input }, ctx) => {
      const patch: SettingsPatch = {
        ...(input.currencyAndPrices ? { currencyAndPrices: defined(input.currencyAndPrices) } : {}),
        ...(input.timeZone != null ? { timeZone: input.timeZone } : {}),
        ...(input.retention ? { retention: defined(input.retention) } : {}),
        // A logo sent as null removes it; a field left out keeps its value.
        ...(input.reportBranding
          ? {
              reportBranding: {
                ...defined(input.reportBranding),
                ...('logo' in input.reportBranding && input.reportBranding.logo === null ? { logo: null } : {}),
              },
            }
          : {}),
      };
      try {
        return view(
          await ctx.settings.update(patch, ctx.principal!.id, ctx.traceId, input.expectedRevision ?? undefined),
        );
      } catch (e) {
        if (e instanceof SettingsRejected) throw apiError(e.code, e.message, ctx.traceId);
        throw e;
      }
    },
  },
};
