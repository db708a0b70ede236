import { CommandError } from '@justfit/events';
import { EndpointRefused } from '../endpoint-policy';
import { VimFault } from './soap/vim-fault';

export type VcenterErrorCode = 408 | 1001 | 1002 | 1005;

/**
 * A failure talking to vCenter, with JustFit's error code (1001 connection, 408 timeout, 1002 collection, 1005 an
 * endpoint the configuration refuses).
 */
export class VcenterError extends CommandError {
  constructor(
    code: VcenterErrorCode,
    message: string,
    /** What the server or the network said, verbatim (e.g. the InvalidLogin fault's text). */
    readonly reason?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message);
    this.name = 'VcenterError';
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

export interface ErrorContext {
  /** host:port the connector talks to, for messages. */
  endpoint: string;
  username: string;
  timeoutMs: number;
  /** Connecting (login, test) maps server faults to 1001; collecting maps them to 1002. */
  phase: 'connect' | 'collect';
}

/** Per-request timeout towards vCenter when the connection sets none. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** The error context of a connection: `url` is its SDK URL, `endpoint` becomes its host:port. */
export function errorContextOf(
  options: { url: string; username: string; timeoutMs?: number },
  phase: ErrorContext['phase'],
): ErrorContext {
  return {
    endpoint: new URL(options.url).host,
    username: options.username,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    phase,
  };
}

const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
]);

/** The server's certificate could not be verified (the connection reached a TLS server). */
export function isTlsTrustError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && TLS_TRUST_CODES.has(code);
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

function endpointRefusal(error: unknown): EndpointRefused | undefined {
  if (error instanceof EndpointRefused) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof EndpointRefused ? cause : undefined;
}

/**
 * Before a server has answered as vCenter, every failure reads the same to the caller (connection refused, silence,
 * a TLS or HTTP server that is not vCenter, a name that does not resolve): telling them apart would let anyone who
 * can test a connection map which ports are open where the collector runs. The detail stays in `reason`, for the
 * collector's log.
 */
export function unreachable(error: unknown, ctx: ErrorContext): VcenterError {
  const detail = (error as Error | null)?.message ?? String(error);
  return new VcenterError(
    1001,
    `vCenter ${ctx.endpoint} is unreachable: check the address and port (vCenter's SDK listens on 443), that it is a vCenter, and that the collector can reach it (its log has the detail).`,
    detail,
    { cause: error },
  );
}

/** Turns anything thrown while talking to vCenter into a VcenterError with an actionable message. */
export function toVcenterError(error: unknown, ctx: ErrorContext): VcenterError {
  if (error instanceof VcenterError) return error;
  const at = ctx.endpoint;
  const refused = endpointRefusal(error);
  if (refused) return new VcenterError(1005, `vCenter ${refused.message}.`, refused.message, { cause: error });
  if (error instanceof VimFault) {
    if (error.faultName === 'InvalidLogin') {
      return new VcenterError(
        1001,
        `vCenter ${at} rejected the login of user "${ctx.username}": ${error.message}. Check the user name and password.`,
        error.message,
        { cause: error },
      );
    }
    if (error.faultName === 'NotAuthenticated') {
      return new VcenterError(
        1001,
        `vCenter ${at} ended the session and logging in again did not restore it: ${error.message}`,
        error.message,
        { cause: error },
      );
    }
    const code = ctx.phase === 'connect' ? 1001 : 1002;
    return new VcenterError(
      code,
      `vCenter ${at} answered with fault ${error.faultName}: ${error.message}`,
      error.message,
      { cause: error },
    );
  }
  // A TLS trust failure is reported as such only once the server answered as vCenter (VimClient.connect checks).
  if (ctx.phase === 'connect' && !isTlsTrustError(error)) return unreachable(error, ctx);
  const code = errorCode(error);
  const detail = (error as Error | null)?.message ?? String(error);
  const timeoutS = Math.round(ctx.timeoutMs / 100) / 10;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timeout/i.test(detail)) {
    return new VcenterError(
      408,
      `vCenter ${at} did not answer within ${timeoutS} s. Check that the address is reachable through firewalls, or raise the timeout.`,
      detail,
      { cause: error },
    );
  }
  if (code === 'ECONNREFUSED') {
    return new VcenterError(
      1001,
      `Cannot connect to vCenter ${at}: connection refused. Check the address and port (vCenter's SDK listens on 443) and that the vCenter service is running.`,
      detail,
      { cause: error },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new VcenterError(1001, `Cannot resolve the vCenter host name in ${at}. Check the address and DNS.`, detail, {
      cause: error,
    });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new VcenterError(
      1001,
      `vCenter ${at} is unreachable from the collector (${code}). Check routing and firewalls.`,
      detail,
      { cause: error },
    );
  }
  if (code && TLS_TRUST_CODES.has(code)) {
    return new VcenterError(
      1001,
      `The TLS certificate of vCenter ${at} could not be verified (${code}: ${detail}). Trust the vCenter's CA certificate on the collector, or turn certificate verification off for this connection only (verifyTls: false).`,
      detail,
      { cause: error },
    );
  }
  if (code === 'EPROTO' || code?.startsWith('ERR_SSL') || code === 'ECONNRESET' || code === 'EPIPE') {
    return new VcenterError(
      1001,
      `The connection to vCenter ${at} failed (${code}: ${detail}). Check that the address is a vCenter HTTPS endpoint.`,
      detail,
      { cause: error },
    );
  }
  const status = (error as { response?: { status?: number } } | null)?.response?.status;
  if (status) {
    return new VcenterError(
      1001,
      `vCenter ${at} answered HTTP ${status} instead of a SOAP response. Check that the address points at vCenter's /sdk endpoint.`,
      detail,
      { cause: error },
    );
  }
  return new VcenterError(ctx.phase === 'connect' ? 1001 : 1002, `vCenter ${at}: ${detail}`, detail, { cause: error });
}
