import type { EventBus, EventStore } from '@justfit/events';
import type { ClickHouseClient } from '@justfit/storage';
import type { AgentRegistry } from '../agents/agent-registry';
import type { TaskInstances } from '../agents/task-instances';
import type { ApiTokenCommands } from '../auth/api-token-commands';
import type { ApiTokenRegistry } from '../auth/api-token-registry';
import type { AuditTrail } from '../auth/audit-trail';
import type { Principal } from '../auth/principal';
import type { ImportLimits } from '../imports/metric-import';
import type { LiveFeed } from '../live/live-feed';
import type { Operations } from '../ops/operations';
import type { SettingsService } from '../settings/settings-service';
import type { SystemView } from '../system/system-view';

/** API tokens: the read model every request is checked against, and the commands that change it. */
export interface AccessControl {
  tokens: ApiTokenRegistry;
  commands: ApiTokenCommands;
}

export interface ApiContext {
  clickhouse: ClickHouseClient;
  bus: EventBus;
  store: EventStore;
  live: LiveFeed;
  access: AccessControl;
  audit: AuditTrail;
  imports: ImportLimits;
  settings: SettingsService;
  ops: Operations;
  system: SystemView;
  agents: AgentRegistry;
  taskInstances: TaskInstances;
  traceId: string;
  /** Where report download links point, e.g. http://127.0.0.1:4000 (PUBLIC_URL). */
  publicUrl: string;
  /** Who the request comes from; every operation's guard requires one. */
  principal?: Principal;
  /** The client's address as the socket saw it, for the audit. */
  clientAddress: string;
}
