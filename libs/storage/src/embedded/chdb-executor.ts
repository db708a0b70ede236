import type { Session } from 'chdb';
import { isPlainIdentifier, quoteIdentifier } from '../identifiers';
import { ClickHouseFailure, toFailureReply } from './clickhouse-failure';

/** Per-request state that the ClickHouse HTTP interface scopes to one query. */
export interface QueryScope {
  database: string;
  settings: Record<string, string>;
  /** Raw `param_<name>` values in ClickHouse's escaped text form, exactly as received. */
  params: Record<string, string>;
}

const sqlString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const PARAM_NAME = /^[A-Za-z0-9_]+$/;
const UNKNOWN_SETTING = 115;

/**
 * Runs work on one chDB session, one request at a time. chDB keeps USE, SET and query parameters on the
 * connection, while HTTP scopes them to a request; so before each request the executor switches database,
 * resets settings the previous request changed and sets this request's parameters.
 *
 * Parameters go through `SET param_x = '<raw text>'` rather than chDB's bind API: the HTTP client already sends
 * them in the engine's escaped text form, and chDB's binder would escape them a second time.
 */
export class ChdbExecutor {
  private tail: Promise<unknown> = Promise.resolve();
  private currentDatabase: string | undefined = 'default';
  private readonly appliedSettings = new Map<string, string>();
  private readonly unknownSettings = new Set<string>();
  private closed = false;

  constructor(private readonly session: Session) {}

  run<T>(scope: QueryScope, work: (session: Session) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ClickHouseFailure(210, 'NETWORK_ERROR', 'Server is shutting down'));
    const result = this.tail.then(async () => {
      await this.prepare(scope);
      return work(this.session);
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Waits for the queued work, then releases the chDB path. */
  async close(drainPending: () => Promise<void>): Promise<void> {
    this.closed = true;
    await this.tail;
    this.session.close();
    await drainPending();
  }

  /** A statement of the request itself may have run USE; the next request then re-issues its own. */
  forgetDatabase(): void {
    this.currentDatabase = undefined;
  }

  private async prepare(scope: QueryScope): Promise<void> {
    if (scope.database !== this.currentDatabase) {
      if (!isPlainIdentifier(scope.database)) {
        throw new ClickHouseFailure(36, 'BAD_ARGUMENTS', `Invalid database name ${JSON.stringify(scope.database)}`);
      }
      this.currentDatabase = undefined;
      await this.session.queryAsync(`USE ${quoteIdentifier(scope.database)}`);
      this.currentDatabase = scope.database;
    }
    await this.applySettings(scope.settings);
    const params = Object.entries(scope.params);
    for (const [name] of params) {
      if (!PARAM_NAME.test(name)) throw new ClickHouseFailure(36, 'BAD_ARGUMENTS', `Invalid parameter name ${name}`);
    }
    if (params.length > 0) {
      await this.session.queryAsync(
        `SET ${params.map(([name, value]) => `param_${name} = ${sqlString(value)}`).join(', ')}`,
      );
    }
  }

  private async applySettings(requested: Record<string, string>): Promise<void> {
    const assignments: Array<[string, string | undefined]> = [];
    for (const name of this.appliedSettings.keys()) {
      if (!(name in requested)) assignments.push([name, undefined]);
    }
    for (const [name, value] of Object.entries(requested)) {
      if (this.unknownSettings.has(name) || this.appliedSettings.get(name) === value) continue;
      if (!isPlainIdentifier(name)) throw new ClickHouseFailure(115, 'UNKNOWN_SETTING', `Unknown setting ${name}`);
      assignments.push([name, value]);
    }
    // One SET per setting, so that an unknown one (ignored, like a setting of a newer server) spares the others.
    for (const [name, value] of assignments) {
      try {
        await this.session.queryAsync(`SET ${name} = ${value === undefined ? 'DEFAULT' : sqlString(value)}`);
        if (value === undefined) this.appliedSettings.delete(name);
        else this.appliedSettings.set(name, value);
      } catch (error) {
        if (toFailureReply(error).code !== UNKNOWN_SETTING) throw error;
        this.unknownSettings.add(name);
        this.appliedSettings.delete(name);
      }
    }
  }
}
