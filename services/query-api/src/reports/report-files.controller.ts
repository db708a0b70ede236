import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { Controller, Get, Inject, NotFoundException, Param, Res, StreamableFile } from '@nestjs/common';
import { CLICKHOUSE, CONFIG } from '@justfit/service-kit';
import type { ClickHouseClient } from '@justfit/storage';
import type { QueryApiConfig } from '../config';
import { getReport } from '../read-models/reports';

const CONTENT_TYPES = { json: 'application/json', html: 'text/html; charset=utf-8', pdf: 'application/pdf' } as const;

interface RawResponse {
  setHeader(name: string, value: string): void;
}

/** Serves generated report files, only from the reports directory, only for reports the read model knows. */
@Controller('reports')
export class ReportFilesController {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(CONFIG) private readonly config: QueryApiConfig,
  ) {}

  @Get(':id')
  async download(@Param('id') id: string, @Res({ passthrough: true }) res: RawResponse) {
    const report = await getReport(this.clickhouse, id);
    if (!report || report.status !== 'generated' || !report.path) throw new NotFoundException(`report ${id} not found`);
    const dir = resolve(join(this.config.JUSTFIT_DATA_DIR, 'reports'));
    const path = resolve(report.path);
    if (!path.startsWith(dir + sep)) throw new NotFoundException(`report ${id} not found`);
    await stat(path).catch(() => {
      throw new NotFoundException(`report ${id} file is gone`);
    });
    res.setHeader('Content-Type', CONTENT_TYPES[report.format]);
    res.setHeader('Content-Disposition', `attachment; filename="${report.id}.${report.format}"`);
    return new StreamableFile(createReadStream(path));
  }
}
