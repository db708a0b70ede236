import { CommandError, Commands, type CommandName, type ParsedCommandInput, type ServiceName } from '@justfit/events';
import { z } from 'zod';

/** Validates a command's payload where it enters the service; a bad one is refused with code 400 and the reason. */
export function parseCommandInput<S extends ServiceName, C extends CommandName<S>>(
  service: S,
  command: C,
  payload: unknown,
): ParsedCommandInput<S, C> {
  const schema = (Commands[service] as Record<string, { input: z.ZodType }>)[command]!.input;
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new CommandError(400, `invalid ${command}: ${z.prettifyError(parsed.error)}`);
  return parsed.data as ParsedCommandInput<S, C>;
}
