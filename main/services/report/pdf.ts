/**
 * Prints the report's HTML to PDF.
 *
 * `PdfRenderer` is the seam: the Electron app injects one built on `webContents.printToPDF` (main/app), the
 * CLI, the loopback bridge and the tests use headless Chromium through playwright-core. Both print the same
 * HTML, so the PDF looks like the preview. The page gets no network at all: JavaScript is off, every request
 * is aborted, and the HTML's own CSP allows only inline styles and data: images.
 */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { err, ok, type Result } from '../../core/result';

export type Paper = 'A4' | 'Letter';

export interface PdfOptions {
  readonly paper: Paper;
}

/** Anything that turns self-contained HTML into PDF bytes. */
export interface PdfRenderer {
  readonly name: string;
  render(html: string, options: PdfOptions): Promise<Result<Uint8Array>>;
  /** Releases a browser kept between renders, if any. */
  close?(): Promise<void>;
}

/** Launch flags: headless, no sandbox (root in CI), and none of Chromium's own network chatter. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] as const;

const CANDIDATE_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a Chromium: $SITEKIT_CHROMIUM, /usr/bin/chromium, then chromium or google-chrome on PATH. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env, fixed: readonly string[] = ['/usr/bin/chromium']): Promise<Result<string>> {
  const tried: string[] = [];
  const fromEnv = env.SITEKIT_CHROMIUM?.trim();
  if (fromEnv) {
    if (await executable(fromEnv)) return ok(fromEnv);
    return err('not-found', `SITEKIT_CHROMIUM points at ${fromEnv}, which is not an executable file.`, {
      hint: 'Set SITEKIT_CHROMIUM to the path of a Chromium or Google Chrome binary, or unset it to search the usual places.',
    });
  }
  const candidates = [...fixed, ...(env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => CANDIDATE_NAMES.map((n) => join(dir, n)))];
  for (const c of candidates) {
    tried.push(c);
    if (await executable(c)) return ok(c);
  }
  return err('not-found', 'No Chromium or Google Chrome was found to print the PDF report.', {
    hint: 'Install Chromium (e.g. `apt-get install chromium`) or set SITEKIT_CHROMIUM to its path. The HTML and JSON reports do not need a browser.',
    details: { tried: tried.slice(0, 12) },
  });
}

/** Headless Chromium through playwright-core; one browser per render, closed afterwards. */
export function chromiumPdfRenderer(
  options: {
    readonly executablePath?: string;
    readonly env?: NodeJS.ProcessEnv;
    /** Paths tried before PATH (default /usr/bin/chromium). */
    readonly fixedPaths?: readonly string[];
    /** Told about every request the page tried and was refused (there should be none). */
    readonly onBlockedRequest?: (url: string) => void;
  } = {},
): PdfRenderer {
  return {
    name: 'chromium',
    async render(html, { paper }) {
      const exe = options.executablePath ? ok(options.executablePath) : await findChromium(options.env, options.fixedPaths);
      if (!exe.ok) return exe;
      const { chromium } = await import('playwright-core');
      let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
      try {
        browser = await chromium.launch({ executablePath: exe.value, headless: true, args: [...CHROMIUM_ARGS] });
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        const page = await context.newPage();
        // Nothing may be fetched: the report is self-contained by contract, so any request is a bug.
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith('data:')) return route.continue();
          options.onBlockedRequest?.(url);
          return route.abort('blockedbyclient');
        });
        await page.setContent(html, { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({ format: paper, printBackground: true, preferCSSPageSize: false, displayHeaderFooter: false });
        return ok(new Uint8Array(pdf));
      } catch (e) {
        return err('io-error', `Chromium could not print the report: ${(e as Error).message.split('\n')[0]}`, {
          hint: 'Check that the Chromium at the configured path starts (SITEKIT_CHROMIUM), or export HTML and print it from a browser.',
          details: { executablePath: exe.value },
        });
      } finally {
        await browser?.close().catch(() => undefined);
      }
    },
  };
}

/**
 * Wraps any "print this HTML" function as a `PdfRenderer`, turning exceptions into a Result. The Electron app
 * uses it with `webContents.printToPDF` on a hidden, sandboxed window (main/app), so services stay free of
 * Electron while the desktop PDF comes from the same engine as the preview.
 */
export function pdfRendererFrom(name: string, print: (html: string, options: PdfOptions) => Promise<Uint8Array>): PdfRenderer {
  return {
    name,
    async render(html, options) {
      try {
        return ok(await print(html, options));
      } catch (e) {
        return err('io-error', `${name} could not print the report: ${(e as Error).message.split('\n')[0]}`, {
          hint: 'Export the HTML and print it from a browser, or try again.',
        });
      }
    },
  };
}
