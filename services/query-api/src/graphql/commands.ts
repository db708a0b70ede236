import type { CommandInput, CommandName, CommandReply, ServiceName } from '@justfit/events';
import type { ApiContext } from './context';
import { toGraphQLError } from './errors';

/** Sends a command to the service that owns it; a refusal becomes a GraphQL error with JustFit's error code and the trace id. */
export async function sendCommand<S extends ServiceName, C extends CommandName<S>>(
  ctx: ApiContext,
  service: S,
  command: C,
  input: CommandInput<S, C>,
  timeoutMs = 30_000,
): Promise<CommandReply<S, C>> {
  try {
    return await ctx.bus.request<CommandReply<S, C>>(service, command, input, { traceId: ctx.traceId, timeoutMs });
  } catch (e) {
    throw toGraphQLError(e, ctx.traceId);
  }
}
