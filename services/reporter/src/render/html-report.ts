import { EVIDENCE_COLUMNS, plainEvidence } from '../model/evidence';
import type { ReportFinding, ReportModel } from '../model/report-model';
import { barChart, rightsizeUsageCharts, tidalProfileChart } from './charts';
import { html, type SafeHtml, trusted } from './html-escape';
import { TYPE_TITLES } from './labels';
import { MAX_CHARTED } from './limits';
import { REPORT_CSS } from './report-css';
import { zonedDay, zonedMinute } from './zoned-time';

const TYPE_ORDER = ['zombie', 'rightsize', 'tidal', 'health'];

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no font or image from elsewhere (its
 * Content-Security-Policy forbids any), so it opens offline and prints the same everywhere.
 */
export function renderHtmlReport(model: ReportModel): string {
  const money = moneyFormat(model.currency);
  const types = TYPE_ORDER.filter((t) => model.summary.byType[t]).concat(
    Object.keys(model.summary.byType).filter((t) => !TYPE_ORDER.includes(t)),
  );
  const tidal = model.tidalProfiles.slice(0, MAX_CHARTED);
  const rightsize = model.rightsizeUsage.slice(0, MAX_CHARTED);
  const sections: Array<{ id: string; title: string; body: SafeHtml }> = [
    { id: 'summary', title: 'Executive summary', body: executiveSummary(model, money, types) },
    { id: 'clusters', title: 'Savings by cluster', body: clusterSection(model, money) },
    ...types.map((t) => ({
      id: `type-${t}`,
      title: TYPE_TITLES[t] ?? t,
      body: findingsTable(
        t,
        model.findings.filter((f) => f.analysisType === t),
        money,
      ),
    })),
    ...(tidal.length
      ? [{ id: 'tidal-profiles', title: 'Daily profiles of tidal VMs', body: tidalSection(model, tidal) }]
      : []),
    ...(rightsize.length
      ? [{ id: 'rightsize-usage', title: 'Use against recommended size', body: rightsizeSection(model, rightsize) }]
      : []),
    { id: 'method', title: 'About this report', body: methodSection(model) },
  ];
  const accent = model.branding.accentColor;
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${model.title}</title>
        <style>
          ${trusted(REPORT_CSS.replaceAll('--accent-value', accent))}
        </style>
      </head>
      <body>
        <header class="cover">
          ${model.branding.logo ? html`<img class="logo" src="${model.branding.logo}" alt="" />` : ''}
          ${model.branding.organisation ? html`<p class="organisation">${model.branding.organisation}</p>` : ''}
          <h1>${model.title}</h1>
          <p class="meta">
            ${TYPE_TITLES[model.reportType] ?? model.reportType} report · generated
            ${zonedMinute(model.generatedAt, model.timeZone)} ${model.timeZone} · ${scopeText(model)}
          </p>
        </header>
        <nav class="toc" aria-label="Contents">
          <h2>Contents</h2>
          <ol>
            ${sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}
          </ol>
        </nav>
        ${sections.map(
          (s) =>
            html`<section id="${s.id}">
              <h2>${s.title}</h2>
              ${s.body}
            </section>`,
        )}
        ${model.branding.footer ? html`<footer class="branding">${model.branding.footer}</footer>` : ''}
      </body>
    </html> `;
  return page.value;
}

type Money = (amount: number) => string;

function moneyFormat(currency: string): Money {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 });
  return (amount) => format.format(amount);
}

function scopeText(model: ReportModel): string {
  const parts = [model.scope.connectionId ? `connection ${model.scope.connectionId}` : 'all connections'];
  if (model.scope.runId) parts.push(`analysis run ${model.scope.runId}`);
  if (model.scope.entityIds.length) parts.push(`${model.scope.entityIds.length} selected entities`);
  return parts.join(', ');
}

function signed(value: number, format: (v: number) => string): string {
  return value > 0 ? `+${format(value)}` : value < 0 ? `−${format(-value)}` : 'no change';
}

function executiveSummary(model: ReportModel, money: Money, types: string[]): SafeHtml {
  const s = model.summary;
  const trend = model.trend;
  const cards = [
    { label: 'Savings per month', value: money(s.savings.amount), tone: 'accent' },
    { label: 'Findings', value: String(s.findings), tone: '' },
    { label: 'High risk', value: String(s.byRisk.high), tone: 'high' },
    { label: 'Medium risk', value: String(s.byRisk.medium), tone: 'medium' },
    { label: 'Low risk', value: String(s.byRisk.low), tone: 'low' },
  ];
  const trendText = trend
    ? html`Against the previous report of this scope (${zonedDay(trend.previousGeneratedAt, model.timeZone)}): savings
        <strong>${signed(trend.savingsChange, money)}</strong> per month, findings
        <strong>${signed(trend.findingsChange, String)}</strong>
        (then ${money(trend.previous.savingsAmount)} from ${trend.previous.findings} findings).`
    : html`This is the first report of this scope; the next one will show the trend against it.`;
  return html` <div class="cards">
      ${cards.map((c) => html`<div class="card ${c.tone}"><span>${c.label}</span><strong>${c.value}</strong></div>`)}
    </div>
    <p class="trend">${trendText}</p>
    <p>
      Reclaimable: ${s.savings.cpuCores} vCPU, ${(s.savings.memoryMb / 1024).toFixed(1)} GB of memory and
      ${s.savings.diskGb.toFixed(0)} GB of disk, across ${model.estate.vms} VMs (${model.estate.poweredOnVms} powered
      on) on ${model.estate.hosts} hosts in ${model.estate.clusters} clusters. An entity found by two analyses counts
      once, with its larger saving.
    </p>
    ${
      types.length
        ? html`<figure class="chart">
              <figcaption>Savings per month by analysis type (${model.currency})</figcaption>
              ${trusted(
                barChart({
                  labels: types.map((t) => TYPE_TITLES[t] ?? t),
                  values: types.map((t) => s.savingsByType[t] ?? 0),
                  color: model.branding.accentColor,
                  unit: model.currency,
                }),
              )}
            </figure>
            <table class="compact">
              <thead>
                <tr>
                  <th>Analysis</th>
                  <th class="num">Findings</th>
                  <th class="num">Savings per month</th>
                </tr>
              </thead>
              <tbody>
                ${types.map(
                  (t) =>
                    html`<tr>
                      <td><a href="#type-${t}">${TYPE_TITLES[t] ?? t}</a></td>
                      <td class="num">${s.byType[t] ?? 0}</td>
                      <td class="num">${money(s.savingsByType[t] ?? 0)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : html`<p>No open findings in this scope.</p>`
    }`;
}

function clusterSection(model: ReportModel, money: Money): SafeHtml {
  const clusters = model.summary.savingsByCluster.filter((c) => c.amount > 0).slice(0, 25);
  if (!clusters.length) return html`<p>No savings to place on a cluster.</p>`;
  return html`<figure class="chart">
      <figcaption>Savings per month by cluster (${model.currency})</figcaption>
      ${trusted(
        barChart({
          labels: clusters.map((c) => c.clusterName),
          values: clusters.map((c) => c.amount),
          color: model.branding.accentColor,
          unit: model.currency,
        }),
      )}
    </figure>
    <table class="compact">
      <thead>
        <tr>
          <th>Cluster</th>
          <th class="num">Savings per month</th>
        </tr>
      </thead>
      <tbody>
        ${clusters.map(
          (c) =>
            html`<tr>
              <td>${c.clusterName}</td>
              <td class="num">${money(c.amount)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function findingsTable(type: string, findings: ReportFinding[], money: Money): SafeHtml {
  const columns = EVIDENCE_COLUMNS[type];
  const evidenceCells = (f: ReportFinding) =>
    columns
      ? columns.map((c) => html`<td>${c.read(f.evidence) ?? '—'}</td>`)
      : html`<td>${plainEvidence(f.evidence).map(([k, v]) => html`<span class="kv">${k}: ${v}</span> `)}</td>`;
  return html`<p>${findings.length} finding${findings.length === 1 ? '' : 's'}, largest saving first.</p>
    <table class="findings">
      <thead>
        <tr>
          <th>Entity and finding</th>
          ${columns ? columns.map((c) => html`<th>${c.heading}</th>`) : html`<th>Evidence</th>`}
          <th>Recommendation</th>
          <th>Risk</th>
          <th class="num">Saves / month</th>
        </tr>
      </thead>
      <tbody>
        ${findings.map(
          (f) =>
            html`<tr>
              <td class="entity">
                <strong>${f.entityName}</strong><small>${f.conclusion}</small>
                <small class="muted"
                  >confidence ${Math.round(f.confidence * 100)}% · ${f.policy.name} v${f.policy.version}</small
                >
              </td>
              ${evidenceCells(f)}
              <td class="recommendation">${f.recommendation}</td>
              <td><span class="risk ${riskClass(f.riskLevel)}">${f.riskLevel}</span></td>
              <td class="num">${money(f.savings.amount)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

const riskClass = (risk: string) => (['low', 'medium', 'high'].includes(risk) ? risk : 'unknown');

function nameOf(model: ReportModel, findingId: string): string {
  return model.findings.find((f) => f.findingId === findingId)?.entityName ?? findingId;
}

function tidalSection(model: ReportModel, profiles: ReportModel['tidalProfiles']): SafeHtml {
  return html`<div class="grid">
    ${profiles.map(
      (p) =>
        html`<figure class="chart small">
          <figcaption>${nameOf(model, p.findingId)}</figcaption>
          ${p.hourly.some((v) => v !== null) ? trusted(tidalProfileChart(p, model.branding.accentColor)) : html`<p class="muted">No hourly data in the analysed window.</p>`}
        </figure>`,
    )}
  </div>`;
}

function rightsizeSection(model: ReportModel, usage: ReportModel['rightsizeUsage']): SafeHtml {
  return html`${usage.map(
    (u) =>
      html`<figure class="chart pair">
        <figcaption>${nameOf(model, u.findingId)}</figcaption>
        ${u.days.length ? rightsizeUsageCharts(u, model.branding.accentColor).map((c) => trusted(c)) : html`<p class="muted">No daily data in the analysed window.</p>`}
      </figure>`,
  )}`;
}

function methodSection(model: ReportModel): SafeHtml {
  const policies = [...new Set(model.findings.map((f) => `${f.policy.name} v${f.policy.version}`))].sort();
  return html`<p>
      Open findings of the analyses, each with its evidence, confidence and risk. Savings are monthly, in
      ${model.currency}, at the unit prices of the policies that produced
      them${policies.length ? html`: ${policies.join(', ')}` : ''}.
    </p>
    ${
      model.notes.length
        ? html`<ul>
            ${model.notes.map((n) => html`<li>${n}</li>`)}
          </ul>`
        : ''
    }
    <p class="muted">Report ${model.reportId}.</p>`;
}
