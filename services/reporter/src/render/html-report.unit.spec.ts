import { beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAME, sampleReport } from '../../test/report-fixture';
import { escapeHtml } from './html-escape';
import { renderHtmlReport } from './html-report';

let page: string;
beforeAll(() => {
  page = renderHtmlReport(sampleReport());
}, 60_000);

describe('html report - escaping', () => {
  it('shows a hostile VM name as text, never as markup', () => {
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain(escapeHtml(HOSTILE_NAME));
    expect(page).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(page).toContain('Prod &lt;west&gt;');
    expect(page).toContain('Example &amp; Co');
  });
});

describe('html report - self-contained', () => {
  it('loads nothing from elsewhere: no external URL, script or font, and a policy that forbids them', () => {
    expect(page).not.toMatch(/(src|href)\s*=\s*"(https?:)?\/\//i);
    expect(page).not.toMatch(/@import|@font-face|url\((?!#)/i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });
});

describe('html report - content', () => {
  it('has an executive summary with the trend, a contents list, charts and a table per type', () => {
    expect(page).toContain('Executive summary');
    expect(page).toMatch(/Against the previous report of this scope\s+\(2026-11-24\)/);
    for (const id of ['summary', 'clusters', 'type-zombie', 'type-rightsize', 'type-tidal', 'type-health']) {
      expect(page).toContain(`<a href="#${id}">`);
      expect(page).toContain(`<section id="${id}">`);
    }
    // savings by type, by cluster, 6 tidal profiles, 12 right-sizes x 2 panels
    expect(page.match(/<svg /g)?.length).toBe(2 + 6 + 24);
    expect(page).toContain('vCPU');
    expect(page).toContain('8 → 2');
    expect(page).toContain('€');
  });
});
