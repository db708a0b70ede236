import { randomUUID } from 'node:crypto';
import { type EventBus, newEvent } from '@justfit/events';
import type { Logger } from 'pino';
import type { Principal } from './principal';

const SECRET_KEY = /pass(word)?|secret|token$|credential|private.?key|api.?key/i;
const MAX_STRING = 500;
const MAX_ITEMS = 50;

/** An operation's arguments as the audit keeps them: secrets redacted, files described, long values cut. */
export function auditArguments(value: unknown, key = ''): unknown {
  if (key && SECRET_KEY.test(key) && value !== null && value !== undefined) return '[redacted]';
  if (typeof value === 'string')
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)` : value;
  if (typeof File !== 'undefined' && value instanceof File) return { file: value.name, bytes: value.size };
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => auditArguments(v));
    return value.length > MAX_ITEMS ? [...items, `… (${value.length} items)`] : items;
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, auditArguments(v, k)]));
  return value;
}

export interface AuditRecord {
  principal: Principal;
  operation: string;
  args: Record<string, unknown>;
  outcome: 'ok' | 'refused' | 'failed';
  code?: number;
  clientAddress: string;
  traceId: string;
}

/** Writes one ChangeAudited event per change made through the API, to the AUDIT stream (one subject per day). */
export class AuditTrail {
  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  async record(r: AuditRecord): Promise<void> {
    const at = Date.now();
    const event = newEvent(
      'ChangeAudited',
      {
        auditId: `audit-${randomUUID()}`,
        actor: { kind: r.principal.kind, id: r.principal.id, name: r.principal.name },
        operation: r.operation,
        arguments: auditArguments(r.args) as Record<string, unknown>,
        outcome: r.outcome,
        ...(r.code === undefined ? {} : { code: r.code }),
        clientAddress: r.clientAddress,
        traceId: r.traceId,
        at,
      },
      { subject: `audit-${new Date(at).toISOString().slice(0, 10)}`, source: 'query-api', traceId: r.traceId },
    );
    try {
      await this.bus.publish(event);
    } catch (e) {
      // The change itself has happened: say loudly that its record is missing rather than fail the caller.
      this.logger.error({ err: e, audit: event.data }, 'audit event could not be stored');
    }
  }
}
