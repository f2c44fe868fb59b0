import path from 'node:path';
import type { Browser, BrowserContext, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { builtSite, ROOT } from '../helpers/site.ts';

let browser: Browser;
let host: StaticHost;
const site = builtSite();

/** A fresh context that records every response and every CSP violation its pages report. */
async function context(): Promise<{ context: BrowserContext; responses: Response[]; violations: string[] }> {
  const context = await browser.newContext();
  const responses: Response[] = [];
  const violations: string[] = [];
  context.on('response', (r) => responses.push(r));
  await context.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { context, responses, violations };
}

beforeAll(async () => {
  browser = await launchBrowser();
  host = await serveStatic(site.dir, site.base, { headersFile: path.join(ROOT, 'public/_headers') });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('the site behind public/_headers (Netlify, Cloudflare Pages)', () => {
  it('answers a question by meaning under its CSP, with the runtime .wasm and the model served as it says', async () => {
    const { context: ctx, responses, violations } = await context();
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${host.url}ask/?q=${encodeURIComponent('What is OpenAI’s mission?')}`);
    await page.waitForFunction(() => {
      const region = document.querySelector('[data-ask-results]');
      return region?.getAttribute('aria-busy') === 'false' && region.querySelector('[data-answer], [data-no-answer]');
    }, undefined, { timeout: 60_000 });
    const region = page.locator('[data-ask-results]');
    await expect(region.getAttribute('data-mode')).resolves.toBe('semantic');
    await expect(region.locator('[data-answer="1"] blockquote').textContent()).resolves.toContain('benefits all of humanity');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);

    const find = (pattern: RegExp) => {
      const response = responses.find((r) => pattern.test(new URL(r.url()).pathname));
      expect(response, String(pattern)).toBeDefined();
      return response!;
    };
    const html = await find(/^\/ask\/$/).allHeaders();
    const wasm = await find(/^\/_astro\/ort-wasm-simd-threaded-[\w-]+\.wasm$/).allHeaders();
    const glue = await find(/^\/_astro\/ort-wasm-simd-threaded-[\w-]+\.mjs$/).allHeaders();
    const onnx = await find(/^\/models\/verbatim\/use-lite\/onnx\/model_quantized\.onnx$/).allHeaders();
    const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
    expect(html).toMatchObject({ 'content-security-policy': csp, 'cache-control': 'public, max-age=0, must-revalidate' });
    expect(wasm).toMatchObject({ 'content-type': 'application/wasm', 'cache-control': 'public, max-age=31536000, immutable' });
    expect(glue).toMatchObject({ 'content-type': 'text/javascript', 'cache-control': 'public, max-age=31536000, immutable' });
    expect(onnx).toMatchObject({ 'content-type': 'application/octet-stream', 'cache-control': 'public, max-age=31536000, immutable' });
    await ctx.close();
  });

  it('searches by keyword under the same CSP', async () => {
    const { context: ctx, violations } = await context();
    const page = await ctx.newPage();
    await page.goto(`${host.url}search/?q=procurement`);
    await page.locator('[data-result]').first().waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-result] .excerpt').first().textContent()).resolves.toContain('procurement');
    expect(violations).toEqual([]);
    await ctx.close();
  });

  it('does not serve the rules file itself', async () => {
    const response = await fetch(`${host.url}_headers`);
    expect(response.status).toBe(404);
  });
});
