import { type CollectScope, CommandError, type RawEntity, type RawSample } from '@justfit/events';
import type { ConnectionTestResult, ConnectorTarget, MetricsRequest, PlatformConnector } from '../connector';
import type { EndpointPolicy } from '../endpoint-policy';
import { hostInScope, vmInScope } from '../scope';
import { type CasErrorContext, DEFAULT_CAS_TIMEOUT_MS, toCasError } from './cas-errors';
import { CasHttpClient } from './cas-http-client';
import { type CasInventoryOptions, collectCasInventory } from './cas-inventory';
import { type CasMetricsOptions, type CasMetricsQuery, collectCasMetrics } from './cas-metrics';
import { type CasRecord, str } from './cas-values';

export type CasTarget = Pick<ConnectorTarget, 'endpoint' | 'port' | 'username' | 'password' | 'verifyTls'>;

export interface CasConnectorOptions extends CasInventoryOptions, CasMetricsOptions {
  timeoutMs?: number;
  ca?: string | Buffer;
  maxSockets?: number;
  /** Which addresses may be reached; by default the built-in deny list (no loopback, link-local, metadata). */
  endpointPolicy?: EndpointPolicy;
}

/**
 * `cvm`, `cvm:8080`, `http://cvm:8080`, `https://cvm:8443/cas/casrs` → the REST base. Without a scheme, port 443 and
 * 8443 mean HTTPS and any other HTTP (CAS's REST API listens on 8080 over HTTP).
 */
export function casBaseUrl(endpoint: string, port = 8080): string {
  const hasScheme = /^[a-z]+:\/\//i.test(endpoint);
  const explicitPort = endpoint.match(/^(?:[a-z]+:\/\/)?(?:\[[^\]]+\]|[^/:]+):(\d+)/i)?.[1];
  const effectivePort = Number(explicitPort ?? port);
  const scheme = effectivePort === 443 || effectivePort === 8443 ? 'https' : 'http';
  const url = new URL(hasScheme ? endpoint : `${scheme}://${endpoint}`);
  if (!explicitPort) url.port = String(port);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/cas/casrs';
  return url.toString().replace(/\/+$/, '');
}

/** The H3C CAS adapter: REST with HTTP Digest against the CVM, one client (and its sockets) per connector. */
export class CasConnector implements PlatformConnector {
  private readonly client: CasHttpClient;
  private readonly endpoint: string;

  constructor(
    private readonly target: CasTarget,
    private readonly options: CasConnectorOptions = {},
  ) {
    const baseUrl = casBaseUrl(target.endpoint, target.port);
    this.endpoint = new URL(baseUrl).host;
    this.client = new CasHttpClient({
      baseUrl,
      username: target.username,
      password: target.password,
      verifyTls: target.verifyTls,
      ca: options.ca,
      timeoutMs: options.timeoutMs,
      maxSockets: options.maxSockets,
      endpointPolicy: options.endpointPolicy,
    });
  }

  private context(phase: CasErrorContext['phase']): CasErrorContext {
    return {
      endpoint: this.endpoint,
      username: this.target.username,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_CAS_TIMEOUT_MS,
      phase,
      answeredAsCas: this.client.answeredAsCas,
    };
  }

  /**
   * Reads the version and the host pools (which needs the credentials); never throws. A failure says no more than
   * whether the server answered as CAS (`detail` has the rest, for the collector's log).
   */
  async test(): Promise<ConnectionTestResult> {
    const started = performance.now();
    try {
      const answer = await this.client.get('/version');
      const version = typeof answer === 'object' ? str((answer as CasRecord | null)?.version) : str(answer);
      await this.client.get('/hostpool/all');
      const latencyMs = Math.round(performance.now() - started);
      const serverVersion = `H3C CAS ${version}`.trim();
      return { success: true, message: `connected to ${serverVersion}`, latencyMs, serverVersion, apiVersion: version };
    } catch (error) {
      const e = toCasError(error, this.context('connect'));
      return { success: false, message: e.message, latencyMs: 0, code: e.code, detail: e.reason ?? e.message };
    }
  }

  async *inventory(scope: CollectScope, signal?: AbortSignal): AsyncGenerator<RawEntity[]> {
    yield* this.guard(collectCasInventory(this.client, scope, this.options, signal), signal);
  }

  /** Samples for the running VMs and connected hosts in scope (from the inventory pass, or read afresh). */
  async *metrics(request: MetricsRequest, signal?: AbortSignal): AsyncGenerator<RawSample[]> {
    const entities = request.entities.length ? request.entities : await this.readInventory(request.scope, signal);
    const targets: CasMetricsQuery['targets'] = [];
    for (const e of entities) {
      if (e.kind === 'vm' && e.powerState === 'poweredOn' && !e.isTemplate && vmInScope(e, request.scope))
        targets.push({ id: e.id, kind: 'vm' });
      if (e.kind === 'host' && e.connectionState === 'connected' && hostInScope(e, request.scope))
        targets.push({ id: e.id, kind: 'host' });
    }
    if (!targets.length) return;
    const query: CasMetricsQuery = {
      targets,
      startTime: request.startTime,
      endTime: request.endTime,
      intervalSec: request.intervalSec,
      counters: request.counters,
    };
    yield* this.guard(collectCasMetrics(this.client, query, this.options, signal), signal);
  }

  private async readInventory(scope: CollectScope, signal?: AbortSignal): Promise<RawEntity[]> {
    const all: RawEntity[] = [];
    for await (const page of this.inventory(scope, signal)) all.push(...page);
    return all;
  }

  /** Maps failures to CasError (aborts and domain errors pass through untouched). */
  private async *guard<T>(source: AsyncGenerator<T>, signal?: AbortSignal): AsyncGenerator<T> {
    try {
      yield* source;
    } catch (error) {
      if (signal?.aborted || error instanceof CommandError) throw error;
      throw toCasError(error, this.context('collect'));
    }
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
