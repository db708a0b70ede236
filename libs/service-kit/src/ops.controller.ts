import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Readiness } from './readiness';
import { READINESS } from './tokens';

/** Liveness and readiness, the same on every service (metrics have their own port: metrics-server.ts). */
@Controller()
export class OpsController {
  constructor(@Inject(READINESS) private readonly readiness: Readiness) {}

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() res: { status(code: number): { json(body: unknown): void } }) {
    const result = await this.readiness.evaluate();
    res.status(result.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(result);
  }
}
