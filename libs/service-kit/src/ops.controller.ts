import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import type { ServiceMetrics } from './metrics';
import type { Readiness } from './readiness';
import { METRICS, READINESS } from './tokens';

/** Liveness, readiness and Prometheus metrics, the same on every service. */
@Controller()
export class OpsController {
  constructor(
    @Inject(READINESS) private readonly readiness: Readiness,
    @Inject(METRICS) private readonly metrics: ServiceMetrics,
  ) {}

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() res: { status(code: number): { json(body: unknown): void } }) {
    const result = await this.readiness.evaluate();
    res.status(result.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(result);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async prometheus() {
    return this.metrics.registry.metrics();
  }
}
