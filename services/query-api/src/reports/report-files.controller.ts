import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import {
  Controller,
  ForbiddenException,
  Get,
  Headers,
  Inject,
  NotFoundException,
  Param,
  Res,
  StreamableFile,
  UnauthorizedException,
} from '@nestjs/common';
import type { EventStore, ReportFormat } from '@justfit/events';
import { CLICKHOUSE, CONFIG } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import { AuthenticationError } from '../auth/auth-error';
import type { Authenticator } from '../auth/authenticator';
import { mayReadReport } from '../auth/operation-guard';
import { reportDownloadRule } from '../auth/operation-rules';
import type { Principal } from '../auth/principal';
import type { QueryApiConfig } from '../config';
import { getReport } from '../read-models/reports';
import { AUTHENTICATOR, EVENT_STORE, REPORT_OBJECTS } from '../tokens';
import type { ReportObjectReader } from './report-objects';

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const REPORT_ID = /^report-[0-9a-f-]{36}$/;

interface RawResponse {
  setHeader(name: string, value: string): void;
}

/**
 * Serves generated report files, only for reports the read model knows, only to a caller who may read the report
 * (the `report` query's rule: a bearer token, the viewer role, its connection). Files come from the reports object
 * store; reports generated before it from the reports directory.
 */
@Controller('reports')
export class ReportFilesController {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(CONFIG) private readonly config: QueryApiConfig,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REPORT_OBJECTS) private readonly objects: ReportObjectReader,
  ) {}

  @Get(':id')
  async download(
    @Param('id') id: string,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: RawResponse,
  ) {
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(authorization);
    } catch (e) {
      if (e instanceof AuthenticationError) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        throw new UnauthorizedException(e.message);
      }
      throw e;
    }
    if (!REPORT_ID.test(id)) throw new NotFoundException(`report ${id} not found`);
    const guard = { clickhouse: this.clickhouse, store: this.store, clientAddress: '', traceId: '' };
    if (!(await mayReadReport(principal, reportDownloadRule, id, guard)))
      throw new ForbiddenException(`${principal.name} may not read report ${id}`);
    const report = await getReport(this.clickhouse, id);
    if (!report || report.status !== 'generated') throw new NotFoundException(`report ${id} not found`);
    const headers = () => {
      res.setHeader('Content-Type', CONTENT_TYPES[report.format]);
      res.setHeader('Content-Disposition', `attachment; filename="${id}.${report.format}"`);
    };
    if (report.objectName) {
      const body = await this.objects.read(report.objectName);
      if (!body) throw new NotFoundException(`report ${id} file is gone`);
      headers();
      return new StreamableFile(Buffer.from(body));
    }
    const dir = resolve(join(this.config.JUSTFIT_DATA_DIR, 'reports'));
    const path = resolve(dir, `${id}.${report.format}`);
    if (!path.startsWith(dir + sep)) throw new NotFoundException(`report ${id} not found`);
    await stat(path).catch(() => {
      throw new NotFoundException(`report ${id} file is gone`);
    });
    headers();
    return new StreamableFile(createReadStream(path));
  }
}
