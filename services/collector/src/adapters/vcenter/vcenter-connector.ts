import { type CollectScope, CommandError, type RawEntity, type RawSample } from '@justfit/events';
import type { ConnectionTestResult, ConnectorTarget, MetricsRequest, PlatformConnector } from '../connector';
import { hostInScope, vmInScope } from '../scope';
import type { EndpointPolicy } from '../endpoint-policy';
import { errorContextOf, toVcenterError } from './errors';
import { collectInventory, type InventoryOptions } from './inventory/collect-inventory';
import { collectMetrics, type MetricsQuery, type PerfOptions } from './perf/collect-metrics';
import { loadMaxQueryMetrics, loadPerfCatalogue, type PerfCatalogue } from './perf/perf-catalogue';
import { retrieveObjects } from './property-collector';
import { VimClient, type VimClientOptions } from './vim-client';

export type VcenterTarget = Pick<ConnectorTarget, 'endpoint' | 'port' | 'username' | 'password' | 'verifyTls'>;

export interface VcenterConnectorOptions extends InventoryOptions, PerfOptions {
  timeoutMs?: number;
  ca?: VimClientOptions['ca'];
  maxSockets?: number;
  /** Overrides `config.vpxd.stats.maxQueryMetrics` as read from vCenter. */
  maxQueryMetrics?: number;
  /** Which addresses may be reached; by default the built-in deny list (no loopback, link-local, metadata). */
  endpointPolicy?: EndpointPolicy;
}

/** `vc.example.com`, `vc.example.com:8443`, `https://vc/sdk` → the SDK URL. */
export function sdkUrl(endpoint: string, port = 443): string {
  const url = new URL(/^[a-z]+:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
  const explicitPort = /^(?:[a-z]+:\/\/)?(?:\[[^\]]+\]|[^/:]+):\d+/i.test(endpoint);
  if (!explicitPort) url.port = String(port);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/sdk';
  return url.toString();
}

/** The vCenter adapter: a vim25 SOAP session opened on first use and shared by test, inventory and metrics. */
export class VCenterConnector implements PlatformConnector {
  private client: Promise<VimClient> | undefined;
  private perf: Promise<{ catalogue: PerfCatalogue; maxQueryMetrics: number }> | undefined;
  private readonly clientOptions: VimClientOptions;

  constructor(
    target: VcenterTarget,
    private readonly options: VcenterConnectorOptions = {},
  ) {
    this.clientOptions = {
      url: sdkUrl(target.endpoint, target.port),
      username: target.username,
      password: target.password,
      verifyTls: target.verifyTls,
      ca: options.ca,
      timeoutMs: options.timeoutMs,
      maxSockets: options.maxSockets,
      endpointPolicy: options.endpointPolicy,
    };
  }

  private session(signal?: AbortSignal): Promise<VimClient> {
    if (!this.client) {
      const connecting = VimClient.connect(this.clientOptions, signal);
      // A failed login must not stick: the next attempt connects afresh.
      connecting.catch(() => {
        if (this.client === connecting) this.client = undefined;
      });
      this.client = connecting;
    }
    return this.client;
  }

  /**
   * Logs in (if not yet) and reads one property; never throws. A failure's message tells the caller no more than the
   * server answered as vCenter or did not (`detail` has the rest, for the collector's log); its latency is not given.
   */
  async test(): Promise<ConnectionTestResult> {
    const started = performance.now();
    try {
      const client = await this.session();
      await retrieveObjects(client, [client.serviceContent.rootFolder], ['name']);
      const { fullName, apiVersion } = client.about;
      const latencyMs = Math.round(performance.now() - started);
      return { success: true, message: `connected to ${fullName}`, latencyMs, serverVersion: fullName, apiVersion };
    } catch (error) {
      const e = toVcenterError(error, errorContextOf(this.clientOptions, 'connect'));
      return { success: false, message: e.message, latencyMs: 0, code: e.code, detail: e.reason ?? e.message };
    }
  }

  async *inventory(scope: CollectScope, signal?: AbortSignal): AsyncGenerator<RawEntity[]> {
    const client = await this.session(signal);
    // The counter catalogue is needed by the metrics pass that follows; read it while the inventory streams.
    this.perfSetup(client, signal).catch(() => undefined);
    yield* this.guard(collectInventory(client, scope, this.options, signal), signal);
  }

  /**
   * Samples for the powered-on VMs and connected hosts in scope. Uses the entities the inventory pass found when
   * given, otherwise reads the inventory first.
   */
  async *metrics(request: MetricsRequest, signal?: AbortSignal): AsyncGenerator<RawSample[]> {
    const client = await this.session(signal);
    const entities = request.entities.length ? request.entities : await this.readInventory(request.scope, signal);
    const targets: MetricsQuery['targets'] = [];
    for (const e of entities) {
      if (e.kind === 'vm' && e.powerState === 'poweredOn' && !e.isTemplate && vmInScope(e, request.scope))
        targets.push({ id: e.id, kind: 'vm' });
      if (
        e.kind === 'host' &&
        e.connectionState === 'connected' &&
        e.powerState === 'poweredOn' &&
        hostInScope(e, request.scope)
      ) {
        targets.push({ id: e.id, kind: 'host' });
      }
    }
    if (!targets.length) return;
    const { catalogue, maxQueryMetrics } = await this.perfSetup(client, signal);
    const query: MetricsQuery = {
      targets,
      startTime: request.startTime,
      endTime: request.endTime,
      intervalSec: request.intervalSec,
      counters: request.counters,
    };
    yield* this.guard(collectMetrics(client, catalogue, maxQueryMetrics, query, this.options, signal), signal);
  }

  private perfSetup(client: VimClient, signal?: AbortSignal) {
    if (!this.perf) {
      const loading = Promise.all([
        loadPerfCatalogue(client, signal),
        this.options.maxQueryMetrics ?? loadMaxQueryMetrics(client, 64, signal),
      ]).then(([catalogue, maxQueryMetrics]) => ({ catalogue, maxQueryMetrics }));
      loading.catch(() => {
        if (this.perf === loading) this.perf = undefined;
      });
      this.perf = loading;
    }
    return this.perf;
  }

  private async readInventory(scope: CollectScope, signal?: AbortSignal): Promise<RawEntity[]> {
    const all: RawEntity[] = [];
    for await (const page of this.inventory(scope, signal)) all.push(...page);
    return all;
  }

  /** Maps failures to VcenterError (aborts and CommandErrors pass through untouched). */
  private async *guard<T>(source: AsyncGenerator<T>, signal?: AbortSignal): AsyncGenerator<T> {
    try {
      yield* source;
    } catch (error) {
      // Domain errors (VcenterError is one) already say what went wrong.
      if (signal?.aborted || error instanceof CommandError) throw error;
      throw toVcenterError(error, errorContextOf(this.clientOptions, 'collect'));
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.perf = undefined;
    if (client)
      await client.then(
        (c) => c.close(),
        () => undefined,
      );
  }
}
