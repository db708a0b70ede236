import { type ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError } from 'rxjs';

/**
 * Nest's default RPC filter turns every error into "Internal server error", which would lose a command's
 * refusal code (409, 1001, …). For RPC handlers this passes the original error on to the JetStream transport,
 * which answers CommandErrors with their code and everything else with a logged 500. HTTP keeps Nest's handling.
 */
@Catch()
export class RpcErrorsPassThrough extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'rpc') return super.catch(exception, host);
    return throwError(() => exception);
  }
}
