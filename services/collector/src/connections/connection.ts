import {
  assertNever,
  CommandError,
  DEFAULT_PORTS,
  defineAggregate,
  type EventDataOf,
  Events,
  type JustFitEvent,
  type ParsedCommandInput,
} from '@justfit/events';

/** The connection aggregate: pure evolve/decide, tested given/when/then. */
export type ConnectionSettings = EventDataOf<'ConnectionRegistered'>;
export type ConnectionState =
  | { kind: 'absent' }
  | { kind: 'active'; settings: ConnectionSettings }
  | { kind: 'deleted'; settings: ConnectionSettings };

export const initialConnectionState: ConnectionState = { kind: 'absent' };

export type ConnectionEventName =
  'ConnectionRegistered' | 'ConnectionUpdated' | 'ConnectionDeleted' | 'ConnectionTested' | 'ConnectionStatusChanged';
export type ConnectionEvent = JustFitEvent<ConnectionEventName>;

export function evolveConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case Events.ConnectionRegistered.type:
    case Events.ConnectionUpdated.type:
      return { kind: 'active', settings: event.data };
    case Events.ConnectionDeleted.type:
      return state.kind === 'active' ? { kind: 'deleted', settings: state.settings } : state;
    case Events.ConnectionTested.type:
    case Events.ConnectionStatusChanged.type:
      return state;
    default:
      return assertNever(event);
  }
}

export const connectionAggregate = defineAggregate({
  context: 'CONNECTIONS',
  events: [
    'ConnectionRegistered',
    'ConnectionUpdated',
    'ConnectionDeleted',
    'ConnectionTested',
    'ConnectionStatusChanged',
  ] satisfies ConnectionEventName[],
  initialState: (): ConnectionState => initialConnectionState,
  evolve: evolveConnection,
});

type Register = ParsedCommandInput<'collector', 'RegisterConnection'>;
type Update = ParsedCommandInput<'collector', 'UpdateConnection'>;

export interface DecideContext {
  /** Id of another live connection already using this name, if any. */
  nameOwner(name: string): string | undefined;
}

const ENDPOINT = /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s]*)?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/;

function checkEndpoint(endpoint: string): void {
  if (!ENDPOINT.test(endpoint)) {
    throw new CommandError(400, `endpoint "${endpoint}" is not a host name, IP address or http(s) URL`);
  }
}

export function decideRegister(
  cmd: Register,
  state: ConnectionState,
  ctx: DecideContext & { connectionId: string; secretRef: string },
): ConnectionSettings {
  if (state.kind !== 'absent') throw new CommandError(409, `connection ${ctx.connectionId} already exists`);
  checkEndpoint(cmd.endpoint);
  if (ctx.nameOwner(cmd.name)) throw new CommandError(409, `a connection named "${cmd.name}" already exists`);
  return {
    connectionId: ctx.connectionId,
    name: cmd.name,
    type: cmd.type,
    endpoint: cmd.endpoint,
    port: cmd.port ?? DEFAULT_PORTS[cmd.type],
    username: cmd.username,
    verifyTls: cmd.verifyTls,
    secretRef: ctx.secretRef,
    site: cmd.site,
  };
}

export function decideUpdate(cmd: Update, state: ConnectionState, ctx: DecideContext): ConnectionSettings {
  if (state.kind !== 'active') throw new CommandError(404, `connection ${cmd.connectionId} not found`);
  if (cmd.endpoint !== undefined) checkEndpoint(cmd.endpoint);
  if (cmd.name !== undefined) {
    const owner = ctx.nameOwner(cmd.name);
    if (owner && owner !== cmd.connectionId)
      throw new CommandError(409, `a connection named "${cmd.name}" already exists`);
  }
  const { settings } = state;
  return {
    ...settings,
    name: cmd.name ?? settings.name,
    type: cmd.type ?? settings.type,
    endpoint: cmd.endpoint ?? settings.endpoint,
    port: cmd.port ?? settings.port,
    username: cmd.username ?? settings.username,
    verifyTls: cmd.verifyTls ?? settings.verifyTls,
    ...(cmd.site !== undefined || settings.site !== undefined ? { site: cmd.site ?? settings.site } : {}),
  };
}

export function decideDelete(connectionId: string, state: ConnectionState): void {
  if (state.kind !== 'active') throw new CommandError(404, `connection ${connectionId} not found`);
}
