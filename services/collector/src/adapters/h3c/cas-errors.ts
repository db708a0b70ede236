import { CommandError } from '@justfit/events';
import { EndpointRefused } from '../endpoint-policy';

export type CasErrorCode = 408 | 1001 | 1002 | 1005;

/** A failure talking to H3C CAS, with its error code (1001 connection, 408 timeout, 1002 collection, 1005 refused). */
export class CasError extends CommandError {
  constructor(
    code: CasErrorCode,
    message: string,
    /** What the server or the network said, verbatim: for the collector's log. */
    readonly reason?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message);
    this.name = 'CasError';
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** CAS answered 401 to credentials sent with a nonce it had just issued: the user name or password is wrong. */
export class CasLoginRefused extends Error {}

/** CAS answered a request with an error status (409 with Error-Code and Error-Message, 404, 5xx). */
export class CasHttpError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly casCode: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'CasHttpError';
  }
}

/** The server is CAS, but its TLS certificate could not be verified. */
export class CasTlsUntrusted extends Error {
  readonly code: string;
  constructor(cause: unknown) {
    const code = String((cause as { code?: unknown } | null)?.code ?? 'TLS');
    super(`${code}: ${(cause as Error | null)?.message ?? String(cause)}`);
    this.name = 'CasTlsUntrusted';
    this.code = code;
  }
}

/** The request took longer than the connection's timeout. */
export class CasTimeout extends Error {
  readonly code = 'ETIMEDOUT';
}

export interface CasErrorContext {
  /** host:port, for messages. */
  endpoint: string;
  username: string;
  timeoutMs: number;
  phase: 'connect' | 'collect';
  /** Whether the server has answered as CAS (a Digest challenge under /cas/casrs/) on this connection. */
  answeredAsCas: boolean;
}

export const DEFAULT_CAS_TIMEOUT_MS = 60_000;

const detailOf = (error: unknown) => (error as Error | null)?.message ?? String(error);

function endpointRefusal(error: unknown): EndpointRefused | undefined {
  if (error instanceof EndpointRefused) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof EndpointRefused ? cause : undefined;
}

/**
 * Turns anything thrown while talking to CAS into a CasError. Until the server has answered as CAS, every failure
 * reads "unreachable" (a refused port, silence, a server that is not CAS): telling them apart would let whoever can
 * test a connection map the ports open around the collector. Once CAS has answered, silence is a timeout (408).
 */
export function toCasError(error: unknown, ctx: CasErrorContext): CasError {
  if (error instanceof CasError) return error;
  const at = ctx.endpoint;
  const detail = detailOf(error);
  const refused = endpointRefusal(error);
  if (refused) return new CasError(1005, `H3C CAS ${refused.message}.`, refused.message, { cause: error });
  if (error instanceof CasLoginRefused) {
    return new CasError(
      1001,
      `H3C CAS ${at} rejected the login of user "${ctx.username}": ${detail}. Check the user name and password.`,
      detail,
      { cause: error },
    );
  }
  if (error instanceof CasTlsUntrusted) {
    return new CasError(
      1001,
      `The TLS certificate of H3C CAS ${at} could not be verified (${error.message}). Trust the CVM's CA certificate on the collector, or turn certificate verification off for this connection only (verifyTls: false).`,
      detail,
      { cause: error },
    );
  }
  const timedOut = error instanceof CasTimeout || (error as { code?: string } | null)?.code === 'ETIMEDOUT';
  if (timedOut && (ctx.answeredAsCas || ctx.phase === 'collect')) {
    return new CasError(
      408,
      `H3C CAS ${at} did not answer within ${Math.round(ctx.timeoutMs / 100) / 10} s. Check the CVM's load and the network, or raise the timeout.`,
      detail,
      { cause: error },
    );
  }
  if (!ctx.answeredAsCas) {
    return new CasError(
      1001,
      `H3C CAS ${at} is unreachable: check the address and port (CAS's REST API listens on 8080 over HTTP, 8443 over HTTPS), that it is a CAS management server (CVM), and that the collector can reach it (its log has the detail).`,
      detail,
      { cause: error },
    );
  }
  if (error instanceof CasHttpError) {
    return new CasError(
      ctx.phase === 'connect' ? 1001 : 1002,
      `H3C CAS ${at} answered ${error.path} with HTTP ${error.status}${error.casCode ? ` (error ${error.casCode})` : ''}: ${error.message}`,
      detail,
      { cause: error },
    );
  }
  return new CasError(ctx.phase === 'connect' ? 1001 : 1002, `H3C CAS ${at}: ${detail}`, detail, { cause: error });
}
