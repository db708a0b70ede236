import ExcelJS from 'exceljs';
import { EVIDENCE_COLUMNS } from '../model/evidence';
import type { ReportModel } from '../model/report-model';
import { TYPE_TITLES } from './labels';

/**
 * The report as a workbook, as RVTools users expect: a summary sheet, then one sheet per analysis type with a row per
 * finding (evidence in columns, and whole as JSON), filterable, header frozen. Every value is written as a typed
 * cell (text stays text: a name starting with "=" is never a formula).
 */
export async function renderXlsxReport(model: ReportModel): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = model.branding.organisation ?? 'JustFit';
  book.created = new Date(model.generatedAt);
  const money = `#,##0.00 "${model.currency}"`;

  const summary = book.addWorksheet('Summary');
  summary.columns = [{ width: 34 }, { width: 22 }, { width: 22 }];
  const s = model.summary;
  const rows: Array<[string, string | number, (string | number)?]> = [
    [model.title, ''],
    ['Report', `${TYPE_TITLES[model.reportType] ?? model.reportType} (${model.reportId})`],
    ['Generated (UTC)', model.generatedAt],
    ['Connection', model.scope.connectionId ?? 'all'],
    ['Analysis run', model.scope.runId ?? 'latest'],
    ['Entities', model.scope.entityIds.length ? model.scope.entityIds.join(', ') : 'all'],
    ['Savings per month', s.savings.amount],
    ['Findings', s.findings],
    ['High / medium / low risk', `${s.byRisk.high} / ${s.byRisk.medium} / ${s.byRisk.low}`],
    [
      'vCPU / memory GB / disk GB reclaimable',
      `${s.savings.cpuCores} / ${(s.savings.memoryMb / 1024).toFixed(1)} / ${s.savings.diskGb}`,
    ],
    [
      'Against the previous report',
      model.trend
        ? `${model.trend.savingsChange >= 0 ? '+' : ''}${model.trend.savingsChange} per month, ${model.trend.findingsChange >= 0 ? '+' : ''}${model.trend.findingsChange} findings`
        : 'first report of this scope',
    ],
    ['', ''],
    ['Analysis', 'Findings', 'Savings per month'],
    ...Object.keys(s.byType).map((t): [string, number, number] => [
      TYPE_TITLES[t] ?? t,
      s.byType[t] ?? 0,
      s.savingsByType[t] ?? 0,
    ]),
  ];
  for (const row of rows) summary.addRow(row);
  summary.getRow(1).font = { bold: true, size: 14 };
  summary.getCell('B7').numFmt = money;
  summary.getRow(13).font = { bold: true };
  for (let r = 14; r <= summary.rowCount; r++) summary.getCell(`C${r}`).numFmt = money;

  for (const type of Object.keys(s.byType)) {
    const columns = EVIDENCE_COLUMNS[type] ?? [];
    const sheet = book.addWorksheet((TYPE_TITLES[type] ?? type).slice(0, 31));
    sheet.columns = [
      { header: 'Entity', key: 'entity', width: 28 },
      { header: 'Entity ID', key: 'entityId', width: 18 },
      { header: 'Connection', key: 'connection', width: 18 },
      { header: 'Conclusion', key: 'conclusion', width: 50 },
      ...columns.map((c, i) => ({ header: c.heading, key: `e${i}`, width: 16 })),
      { header: 'Recommendation', key: 'recommendation', width: 50 },
      { header: 'Risk', key: 'risk', width: 9 },
      { header: 'Confidence', key: 'confidence', width: 11 },
      { header: 'Saves per month', key: 'amount', width: 16, style: { numFmt: money } },
      { header: 'Policy', key: 'policy', width: 20 },
      { header: 'Evidence (JSON)', key: 'evidence', width: 60 },
    ];
    for (const f of model.findings.filter((x) => x.analysisType === type)) {
      sheet.addRow({
        entity: f.entityName,
        entityId: f.entityId,
        connection: f.connectionId,
        conclusion: f.conclusion,
        ...Object.fromEntries(columns.map((c, i) => [`e${i}`, c.read(f.evidence) ?? ''])),
        recommendation: f.recommendation,
        risk: f.riskLevel,
        confidence: f.confidence,
        amount: f.savings.amount,
        policy: `${f.policy.name} v${f.policy.version}`,
        evidence: JSON.stringify(f.evidence),
      });
    }
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columnCount } };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
