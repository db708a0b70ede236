import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  agentPermissions,
  permissionsDocument,
  BUS_SERVICES,
  type BusService,
  servicePermissions,
  STREAM_MANAGER,
  type SubjectPermissions,
} from '@justfit/events';

/** The account every JustFit user belongs to (JetStream on); the server's system account stays its own. */
export const JUSTFIT_ACCOUNT = permissionsDocument().account;
/** Local runs only: a user with every right in the account, for tools and tests that play the outside world. */
export const LOCAL_ADMIN_USER = 'justfit-admin';

export interface NatsUser {
  user: string;
  password: string;
  /** Absent: everything within the account. */
  permissions?: SubjectPermissions;
}

/** Passwords of the local users, one per service plus the admin (and agents a test asks for). */
export interface LocalNatsPasswords {
  admin: string;
  services: Record<BusService, string>;
  agents: Record<string, string>;
}

const newPassword = () => randomBytes(18).toString('base64url');

export function newLocalNatsPasswords(agentIds: readonly string[] = []): LocalNatsPasswords {
  return {
    admin: newPassword(),
    services: Object.fromEntries(BUS_SERVICES.map((s) => [s, newPassword()])) as Record<BusService, string>,
    agents: Object.fromEntries(agentIds.map((id) => [id, newPassword()])),
  };
}

/** The passwords kept in `path` (readable by its owner only), made on first use so a restart keeps them. */
export function localNatsPasswords(path: string): LocalNatsPasswords {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as LocalNatsPasswords;
  const passwords = newLocalNatsPasswords();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(passwords, null, 2), { mode: 0o600 });
  return passwords;
}

/** A service's NATS user (its inbox prefix is named after the service, see EventBusOptions.name). */
export const serviceUser = (service: BusService) => `justfit-${service}`;
export const agentUser = (agentId: string) => `justfit-agent-${agentId}`;

export function localNatsUsers(passwords: LocalNatsPasswords): NatsUser[] {
  return [
    { user: LOCAL_ADMIN_USER, password: passwords.admin },
    ...BUS_SERVICES.map((service) => ({
      user: serviceUser(service),
      password: passwords.services[service],
      permissions: servicePermissions(service),
    })),
    ...Object.entries(passwords.agents).map(([agentId, password]) => ({
      user: agentUser(agentId),
      password,
      permissions: agentPermissions(agentId),
    })),
  ];
}

/** The environment a service process connects with: its own user, and whether it manages the streams. */
export function serviceNatsEnv(passwords: LocalNatsPasswords, service: BusService): Record<string, string> {
  return {
    NATS_USER: serviceUser(service),
    NATS_PASSWORD: passwords.services[service],
    NATS_MANAGE_STREAMS: String(service === STREAM_MANAGER),
  };
}

const quote = (value: string) => JSON.stringify(value);
const list = (values: readonly string[]) => `[${values.map(quote).join(', ')}]`;

function userBlock({ user, password, permissions }: NatsUser): string {
  const lines = [`user: ${quote(user)}`, `password: ${quote(password)}`];
  if (permissions) {
    lines.push(
      `permissions: {`,
      `  publish: { allow: ${list(permissions.publish)} }`,
      `  subscribe: { allow: ${list(permissions.subscribe)} }`,
      ...(permissions.allowResponses ? ['  allow_responses: true'] : []),
      `}`,
    );
  }
  return `{\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;
}

/** One node of a NATS cluster: its name, and where the nodes route to each other. */
export interface NatsClusterNode {
  /** Unique per node (JetStream's RAFT groups address servers by name). */
  serverName: string;
  clusterName: string;
  /** This node's route listener. */
  routePort: number;
  /** Every node's route URL (its own is ignored by the server). */
  routes: string[];
}

/**
 * A nats-server configuration file: JetStream, and one account whose users have the JustFit permissions; with
 * `cluster`, one node of a JetStream cluster (streams may then have 3 replicas).
 */
export function natsServerConfig(opts: {
  host: string;
  port: number;
  storeDir: string;
  users: NatsUser[];
  cluster?: NatsClusterNode;
}): string {
  const users = opts.users.map(userBlock).join('\n').replace(/^/gm, '      ');
  const cluster = opts.cluster
    ? [
        `server_name: ${quote(opts.cluster.serverName)}`,
        `cluster {`,
        `  name: ${quote(opts.cluster.clusterName)}`,
        `  listen: ${quote(`${opts.host}:${opts.cluster.routePort}`)}`,
        `  routes: ${list(opts.cluster.routes)}`,
        `}`,
      ]
    : [];
  return [
    `listen: ${quote(`${opts.host}:${opts.port}`)}`,
    ...cluster,
    `jetstream { store_dir: ${quote(opts.storeDir)} }`,
    `accounts {`,
    `  ${JUSTFIT_ACCOUNT} {`,
    `    jetstream: enabled`,
    `    users: [`,
    users,
    `    ]`,
    `  }`,
    `}`,
    '',
  ].join('\n');
}
