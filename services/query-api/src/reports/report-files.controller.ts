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
import type { EventStore } from '@justfit/events';
import { CLICKHOUSE, CONFIG } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import { AuthenticationError } from '../auth/auth-error';
import type { Authenticator } from '../auth/authenticator';
import { mayReadReport } from '../auth/operation-guard';
import { reportDownloadRule } from '../auth/operation-rules';
import type { Principal } from '../auth/principal';
import type { QueryApiConfig } from '../config';
import { getReport } from '../read-models/reports';
import { AUTHENTICATOR, EVENT_STORE } from '../tokens';

const CONTENT_TYPES = { json: 'application/json', html: 'text/html; charset=utf-8', pdf: 'application/pdf' } as const;
type Format = keyof typeof CONTENT_TYPES;
const REPORT_ID = /^report-[0-9a-f-]{36}$/;

async function findFormat(dir: string, id: string): Promise<Format | undefined> {
  for (const format of Object.keys(CONTENT_TYPES) as Format[]) {
    if (
      await stat(join(dir, `${id}.${format}`)).then(
        () => true,
        () => false,
      )
    )
      return format;
  }
  return undefined;
}

interface RawResponse {
  setHeader(name: string, value: string): void;
}

/**
 * Serves generated report files, only from the reports directory, only for reports the read model knows, only to a
 * caller who may read the report (the `report` query's rule: a bearer token, the viewer role, its connection).
 */
@Controller('reports')
export class ReportFilesController {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(CONFIG) private readonly config: QueryApiConfig,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
    @Inject(EVENT_STORE) private readonly store: EventStore,
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
    const dir = resolve(join(this.config.JUSTFIT_DATA_DIR, 'reports'));
    // The read model may lag the reporter by a moment; files are written atomically, so one that exists is whole.
    const report = await getReport(this.clickhouse, id);
    const format = report?.format ?? (await findFormat(dir, id));
    if (!format || report?.status === 'failed') throw new NotFoundException(`report ${id} not found`);
    const path = resolve(dir, `${id}.${format}`);
    if (!path.startsWith(dir + sep)) throw new NotFoundException(`report ${id} not found`);
    await stat(path).catch(() => {
      throw new NotFoundException(`report ${id} file is gone`);
    });
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${id}.${format}"`);
    return new StreamableFile(createReadStream(path));
  }
}
