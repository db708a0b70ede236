import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../src/render/html-report';
import { findChromium, launchChromium, printPdf } from '../src/render/pdf-printer';
import { HOSTILE_NAME, sampleReport } from './report-fixture';

const run = promisify(execFile);
let dir: string;
let pdfPath: string;
let htmlPath: string;

/** Share of pixels that are not near-white in a binary PGM (P5) image, as pdftoppm -gray writes it. */
function inkShare(pgm: Buffer): number {
  const header = pgm.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (!header) throw new Error('not a binary PGM');
  const pixels = pgm.subarray(header[0].length);
  let ink = 0;
  for (const p of pixels) if (p < 200) ink++;
  return ink / pixels.length;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'justfit-report-'));
  const model = sampleReport();
  const page = renderHtmlReport(model);
  htmlPath = join(dir, 'report.html');
  pdfPath = join(dir, 'report.pdf');
  await writeFile(htmlPath, page);
  await writeFile(pdfPath, await printPdf(page, { chromium: { path: findChromium() }, footerTitle: model.title }));
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pdf report - printed by Chromium', () => {
  it('spans several pages, numbered, with the summary, the names and the contents as text', async () => {
    const { stdout: info } = await run('pdfinfo', [pdfPath]);
    const pages = Number(info.match(/Pages:\s+(\d+)/)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const { stdout: text } = await run('pdftotext', ['-layout', pdfPath, '-']);
    expect(text).toContain('Estate waste report');
    expect(text).toContain('Executive summary');
    expect(text).toContain('Contents');
    expect(text).toContain('app-server-017');
    expect(text).toContain('<script>alert("pwned")</script>');
    expect(text).toContain(`page 1 of ${pages}`);
    expect(text).toContain(`page ${pages} of ${pages}`);
  });

  it('repeats the table header on the pages a table continues on', async () => {
    const { stdout: text } = await run('pdftotext', ['-layout', pdfPath, '-']);
    const zombiePages = text.split('\f').filter((p) => p.includes('app-server-0'));
    expect(zombiePages.length).toBeGreaterThanOrEqual(2);
    for (const p of zombiePages.filter((page) => /app-server-0[0-4]\d/.test(page)))
      expect(p).toContain('Entity and finding');
  });

  it('draws every page: none is blank, and the chart pages carry ink', async () => {
    await run('pdftoppm', ['-gray', '-r', '40', pdfPath, join(dir, 'page')]);
    const images = (await readdir(dir)).filter((f) => f.startsWith('page')).sort();
    expect(images.length).toBeGreaterThanOrEqual(2);
    const shares = await Promise.all(images.map(async (f) => inkShare(await readFile(join(dir, f)))));
    for (const share of shares) expect(share).toBeGreaterThan(0.002);
    expect(Math.max(...shares)).toBeGreaterThan(0.02);
  });
});

describe('html report - opened in Chromium', () => {
  it('opens from a file with no console error, no request beyond itself and no script', async () => {
    const browser = await launchChromium({ path: findChromium() });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warn') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('requestfailed', (r) => problems.push(`failed ${r.url()}`));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${htmlPath}`, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests).toEqual([`file://${htmlPath}`]);
      const dom = (await page.evaluate(`({
        scripts: document.querySelectorAll('script').length,
        images: document.querySelectorAll('img').length,
        charts: document.querySelectorAll('svg').length,
        text: document.body.innerText,
      })`)) as { scripts: number; images: number; charts: number; text: string };
      expect(dom).toMatchObject({ scripts: 0, images: 0 });
      expect(dom.charts).toBeGreaterThan(10);
      expect(dom.text).toContain(HOSTILE_NAME);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
