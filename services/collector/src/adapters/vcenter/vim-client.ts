import https from 'node:https';
import { isIP } from 'node:net';
import { createClientAsync, type Client } from 'soap';
import { EndpointPolicy } from '../endpoint-policy';
import { DEFAULT_TIMEOUT_MS, errorContextOf, isTlsTrustError, toVcenterError, unreachable } from './errors';
import { SessionHttpClient } from './soap/session-http-client';
import { notAuthenticatedInMissingSet, VimFault, vimFaultFrom } from './soap/vim-fault';
import { asArray, moRefArg, text, toMoRef, type MoRef, type SoapNode } from './soap/vim-values';
import { VIM_WSDL, type VimOperation } from './soap/vim-wsdl';

export interface VimClientOptions {
  /** The SDK URL, e.g. https://vcenter.example.com/sdk. */
  url: string;
  username: string;
  password: string;
  /** Verify the server certificate (default). `false` applies to this connection's own agent only. */
  verifyTls?: boolean;
  /** Extra CA certificate(s) (PEM) to trust, e.g. the vCenter's own VMCA root. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Per-request timeout in milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Concurrent HTTP connections to vCenter (default 8). */
  maxSockets?: number;
  /** Pin the vim25 API version sent as SOAPAction; by default the server's own `about.apiVersion`. */
  apiVersion?: string;
  /** Which addresses may be reached; by default the built-in deny list (no loopback, link-local, metadata). */
  endpointPolicy?: EndpointPolicy;
}

export interface AboutInfo {
  name: string;
  fullName: string;
  version: string;
  build: string;
  apiType: string;
  apiVersion: string;
  instanceUuid: string;
}

export interface ServiceContent {
  rootFolder: MoRef;
  propertyCollector: MoRef;
  viewManager: MoRef;
  sessionManager: MoRef;
  perfManager?: MoRef;
  setting?: MoRef;
  about: AboutInfo;
}

const SERVICE_INSTANCE: MoRef = { type: 'ServiceInstance', value: 'ServiceInstance' };
/** Spoken by every vCenter from 6.5 to 8.x; only used for the first call, before the server's version is known. */
const BOOTSTRAP_API_VERSION = '6.5';

type SoapMethod = (args: unknown, options?: unknown, extraHeaders?: unknown) => Promise<[unknown, ...unknown[]]>;

/** The service content (no login needed), with the SOAP client set to the server's API version. */
async function serviceContent(
  options: VimClientOptions,
  http: SessionHttpClient,
  agent: https.Agent,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ soap: Client; content: ServiceContent }> {
  const soap = await createClientAsync(VIM_WSDL, { endpoint: options.url, httpClient: http });
  soap.setSOAPAction(`urn:vim25/${options.apiVersion ?? BOOTSTRAP_API_VERSION}`);
  const invoke = (soap as unknown as Record<string, SoapMethod>).RetrieveServiceContentAsync!;
  const [result] = await invoke(
    { _this: moRefArg(SERVICE_INSTANCE) },
    { httpsAgent: agent, timeout: timeoutMs, signal },
  );
  const content = readServiceContent((result as SoapNode).returnval as SoapNode);
  if (!options.apiVersion && content.about.apiVersion) soap.setSOAPAction(`urn:vim25/${content.about.apiVersion}`);
  return { soap, content };
}

function readServiceContent(node: SoapNode): ServiceContent {
  const ref = (key: string) => (node[key] ? toMoRef(node[key]) : undefined);
  const about = (node.about ?? {}) as SoapNode;
  const field = (key: string) => text(about[key]);
  return {
    rootFolder: ref('rootFolder')!,
    propertyCollector: ref('propertyCollector')!,
    viewManager: ref('viewManager')!,
    sessionManager: ref('sessionManager')!,
    perfManager: ref('perfManager'),
    setting: ref('setting'),
    about: {
      name: field('name'),
      fullName: field('fullName'),
      version: field('version'),
      build: field('build'),
      apiType: field('apiType'),
      apiVersion: field('apiVersion'),
      instanceUuid: field('instanceUuid'),
    },
  };
}

/**
 * A vim25 session over node-soap: service content, login with the session cookie, one transparent re-login when
 * the server reports NotAuthenticated, typed faults, and logout on close.
 */
export class VimClient {
  /** Increments on every (re-)login: objects tied to a session (views, paging tokens) die with it. */
  sessionGeneration = 0;
  sessionKey = '';
  private loggingIn: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly soap: Client,
    private readonly http: SessionHttpClient,
    private readonly agent: https.Agent,
    private readonly options: VimClientOptions,
    readonly serviceContent: ServiceContent,
  ) {}

  get about(): AboutInfo {
    return this.serviceContent.about;
  }

  /**
   * Reads the service content and logs in; failures come back as VcenterError (1001, 1005). The endpoint policy is
   * applied to the address itself and, through the agent's DNS lookup, to whatever a name resolves to on each
   * connection.
   */
  static async connect(options: VimClientOptions, signal?: AbortSignal): Promise<VimClient> {
    const ctx = errorContextOf(options, 'connect');
    const policy = options.endpointPolicy ?? new EndpointPolicy();
    const agentFor = (verify: boolean) =>
      new https.Agent({
        keepAlive: true,
        maxSockets: options.maxSockets ?? 8,
        rejectUnauthorized: verify,
        ca: options.ca,
        lookup: policy.lookup,
      });
    const agent = agentFor(options.verifyTls !== false);
    const http = new SessionHttpClient();
    try {
      const host = new URL(options.url).hostname.replace(/^\[(.*)\]$/, '$1');
      if (isIP(host)) policy.assertAllowed(host, host);
      const { soap, content } = await serviceContent(options, http, agent, ctx.timeoutMs, signal);
      const client = new VimClient(soap, http, agent, options, content);
      await client.login(signal);
      return client;
    } catch (error) {
      agent.destroy();
      if (signal?.aborted) throw error;
      const cause = vimFaultFrom(error) ?? error;
      // An untrusted certificate is worth explaining only when the server behind it is vCenter; asking it for its
      // service content needs no credentials, so none are sent over the unverified connection.
      if (isTlsTrustError(cause)) {
        const probe = agentFor(false);
        const isVcenter = await serviceContent(options, new SessionHttpClient(), probe, ctx.timeoutMs, signal).then(
          ({ content }) => Boolean(content.about.apiType),
          () => false,
        );
        probe.destroy();
        if (!isVcenter) throw unreachable(cause, ctx);
      }
      throw toVcenterError(cause, ctx);
    }
  }

  /**
   * Calls a vim25 method with `_this` and the parameters in schema order. A NotAuthenticated answer (as a fault,
   * or per property as vcsim does) triggers one re-login and one retry.
   */
  async call<T = SoapNode>(
    op: VimOperation,
    _this: MoRef,
    params: Record<string, unknown> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    const generation = this.sessionGeneration;
    try {
      return await this.invoke<T>(op, _this, params, signal);
    } catch (error) {
      if (!(error instanceof VimFault) || error.faultName !== 'NotAuthenticated' || op === 'Logout' || this.closed)
        throw error;
      if (this.sessionGeneration === generation) await this.relogin(signal);
      return this.invoke<T>(op, _this, params, signal);
    }
  }

  private async invoke<T>(
    op: VimOperation,
    _this: MoRef,
    params: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<T> {
    const method = (this.soap as unknown as Record<string, SoapMethod>)[`${op}Async`]!;
    let result: SoapNode;
    try {
      [result] = (await method(
        { _this: moRefArg(_this), ...params },
        { httpsAgent: this.agent, timeout: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal },
      )) as [SoapNode];
    } catch (error) {
      throw vimFaultFrom(error) ?? error;
    }
    if (op === 'RetrievePropertiesEx' || op === 'ContinueRetrievePropertiesEx') {
      const objects = asArray(((result?.returnval ?? {}) as SoapNode).objects as SoapNode[] | undefined);
      if (objects.some((o) => notAuthenticatedInMissingSet(asArray(o.missingSet as Array<{ fault?: unknown }>)))) {
        throw new VimFault('NotAuthenticated', 'The session is not authenticated.');
      }
    }
    return result as T;
  }

  private login(signal?: AbortSignal): Promise<void> {
    this.loggingIn ??= (async () => {
      this.http.sessionCookie = undefined;
      const result = await this.invoke<SoapNode>(
        'Login',
        this.serviceContent.sessionManager,
        {
          userName: this.options.username,
          password: this.options.password,
        },
        signal,
      );
      this.sessionKey = text((result.returnval as SoapNode | undefined)?.key);
      this.sessionGeneration++;
    })().finally(() => {
      this.loggingIn = undefined;
    });
    return this.loggingIn;
  }

  private async relogin(signal?: AbortSignal): Promise<void> {
    try {
      await this.login(signal);
    } catch (error) {
      throw toVcenterError(error, errorContextOf(this.options, 'connect'));
    }
  }

  /** Logs out (best effort) and frees the connection pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.invoke('Logout', this.serviceContent.sessionManager, {});
    } catch {
      // The session may already be gone; nothing to undo.
    } finally {
      this.agent.destroy();
    }
  }
}
