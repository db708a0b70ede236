import { z } from 'zod';
import { defineEvent } from '../define-event';
import { SiteName } from './agent';
import { EpochMs, Id } from './common';

export const ConnectionType = z.enum(['vcenter', 'h3c', 'simulated']);
export type ConnectionType = z.infer<typeof ConnectionType>;

/** The port a connection uses when it names none: vCenter's SDK on HTTPS 443, CAS's REST API on HTTP 8080. */
export const DEFAULT_PORTS: Readonly<Record<ConnectionType, number>> = { vcenter: 443, h3c: 8080, simulated: 443 };
export const ConnectionStatus = z.enum(['connected', 'disconnected', 'error']);

/** Credentials never travel in events: only a reference to the sealed secret does. */
const ConnectionSettings = z.object({
  connectionId: Id,
  name: z.string().min(1).max(100),
  type: ConnectionType,
  endpoint: z.string().min(1).max(500),
  port: z.number().int().min(1).max(65535),
  username: z.string().max(200),
  verifyTls: z.boolean(),
  secretRef: z.string().min(1),
  /** The site whose agents collect it (absent: the default site). */
  site: SiteName.optional(),
});

export const ConnectionRegistered = defineEvent({
  name: 'ConnectionRegistered',
  version: 1,
  stream: 'CONNECTIONS',
  schema: ConnectionSettings.strict(),
});
export const ConnectionUpdated = defineEvent({
  name: 'ConnectionUpdated',
  version: 1,
  stream: 'CONNECTIONS',
  schema: ConnectionSettings.strict(),
});
export const ConnectionDeleted = defineEvent({
  name: 'ConnectionDeleted',
  version: 1,
  stream: 'CONNECTIONS',
  schema: z.object({ connectionId: Id }).strict(),
});
export const ConnectionTested = defineEvent({
  name: 'ConnectionTested',
  version: 1,
  stream: 'CONNECTIONS',
  schema: z
    .object({
      connectionId: Id,
      success: z.boolean(),
      message: z.string(),
      latencyMs: z.number().nonnegative(),
      serverVersion: z.string().optional(),
      apiVersion: z.string().optional(),
      code: z.number().int().optional(),
    })
    .strict(),
});
export const ConnectionStatusChanged = defineEvent({
  name: 'ConnectionStatusChanged',
  version: 1,
  stream: 'CONNECTIONS',
  schema: z
    .object({
      connectionId: Id,
      status: ConnectionStatus,
      lastSyncAt: EpochMs.optional(),
      errorMessage: z.string().optional(),
    })
    .strict(),
});
