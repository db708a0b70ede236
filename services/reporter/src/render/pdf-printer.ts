import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { escapeHtml } from './html-escape';

const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The system Chromium: CHROMIUM_PATH, else the first of the usual names on PATH. Puppeteer downloads no browser. */
export function findChromium(configured?: string): string | undefined {
  if (configured) return configured;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of BROWSER_NAMES) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export class ChromiumMissingError extends Error {}

export interface ChromiumOptions {
  path: string | undefined;
  /** Chromium's sandbox; root never gets it (Chromium refuses it to root). Default true. */
  sandbox?: boolean;
}

export async function launchChromium({ path: executablePath, sandbox = true }: ChromiumOptions): Promise<Browser> {
  if (!executablePath) {
    throw new ChromiumMissingError(
      'PDF reports need Chromium: install the chromium package (scripts/install-tools.sh does) or set CHROMIUM_PATH',
    );
  }
  // Loaded on the first PDF, not at start: the reporter starts quickly and only PDF reports pay for it.
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({
    executablePath,
    headless: true,
    // Without its sandbox, the page it prints still has no script and may load nothing (printPdf).
    args: [
      ...(!sandbox || process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Prints the HTML report with real Chromium: A4 landscape, page numbers in the footer, bookmarks from the headings,
 * table headers repeated and rows kept whole by the page's print CSS. The page runs no script and every request it
 * would make is refused, so printing reaches no network.
 */
export async function printPdf(
  page: string,
  opts: { chromium: ChromiumOptions; footerTitle: string },
): Promise<Buffer> {
  const browser = await launchChromium(opts.chromium);
  try {
    const tab = await browser.newPage();
    await tab.setJavaScriptEnabled(false);
    await tab.setRequestInterception(true);
    tab.on('request', (request) => {
      if (request.url().startsWith('data:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    await tab.setContent(page, { waitUntil: 'load', timeout: 60_000 });
    const pdf = await tab.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;display:flex;justify-content:space-between;font-family:sans-serif;color:#57606a">
        <span>${escapeHtml(opts.footerTitle)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      outline: true,
      tagged: true,
      timeout: 120_000,
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
