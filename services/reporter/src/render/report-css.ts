/**
 * The report's stylesheet, inline in the page. `--accent-value` is replaced by the branding colour (validated as
 * #rrggbb). Print rules: each section starts a page, table headers repeat on every page and rows never split.
 */
export const REPORT_CSS = `
:root { --accent: --accent-value; --high: #cf222e; --medium: #bf8700; --low: #1a7f37; --muted: #57606a; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif; color: #24292f; margin: 0 auto; max-width: 1100px;
  padding: 24px; font-size: 12px; line-height: 1.45; }
h1 { font-size: 26px; margin: 4px 0; color: var(--accent); }
h2 { font-size: 18px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 28px; }
a { color: var(--accent); text-decoration: none; }
.cover .organisation { font-size: 14px; font-weight: bold; margin: 0; }
.cover .logo { display: block; max-height: 48px; max-width: 220px; margin-bottom: 8px; }
footer.branding { margin-top: 32px; padding-top: 8px; border-top: 1px solid #d0d7de; color: var(--muted); font-size: 12px; }
.meta, .muted { color: var(--muted); }
.toc ol { padding-left: 20px; }
.toc li { margin: 3px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card span { display: block; color: var(--muted); font-size: 11px; }
.card strong { font-size: 20px; }
.card.accent strong { color: var(--accent); }
.card.high strong { color: var(--high); }
.card.medium strong { color: var(--medium); }
.card.low strong { color: var(--low); }
.trend { background: #f6f8fa; border-left: 4px solid var(--accent); padding: 8px 12px; }
figure.chart { margin: 12px 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: bold; margin-bottom: 4px; }
figure.chart svg { max-width: 100%; height: auto; }
figure.pair svg { display: inline-block; margin-right: 8px; }
.grid { display: flex; flex-wrap: wrap; gap: 8px; }
.grid figure.small { width: 490px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border-bottom: 1px solid #d0d7de; padding: 5px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-size: 11px; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.entity strong { display: block; word-break: break-all; }
td.entity small { display: block; }
td.recommendation { max-width: 260px; }
table.compact { width: auto; min-width: 50%; }
.risk { border-radius: 10px; padding: 1px 8px; color: #fff; font-size: 11px; }
.risk.high { background: var(--high); }
.risk.medium { background: var(--medium); }
.risk.low { background: var(--low); }
.risk.unknown { background: var(--muted); }
.kv { display: inline-block; margin-right: 6px; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4 landscape; margin: 14mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; }
  section { break-before: page; }
  section#summary { break-before: auto; }
  .toc { break-after: page; }
  a { color: inherit; }
}
`;
