// Opens a notebook in a running Jupyter Notebook 6 with Debian's headless Chromium, runs all
// cells, waits for a plotly SVG, and saves a screenshot. Every request that does not go to
// 127.0.0.1 is recorded and aborted. Prints one JSON line for test_browser.py.
//   node run_notebook.mjs <notebook url> <screenshot.png> <user-data-dir> <timeout seconds>
import { chromium } from 'playwright-core';

const [url, screenshot, userDataDir, timeoutSeconds] = process.argv.slice(2);
const timeout = Number(timeoutSeconds) * 1000;
const local = (u) => { try { const h = new URL(u).hostname; return h === '127.0.0.1' || h === 'localhost'; } catch { return u.startsWith('data:') || u.startsWith('blob:'); } };
const offsite = [];
const consoleErrors = [];
const result = { offsite, consoleErrors };

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 1000 },
});
try {
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (local(u)) return route.continue();
    offsite.push(u);
    return route.abort();
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('websocket', (ws) => { if (!local(ws.url())) offsite.push(ws.url()); });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url, { timeout });
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected(), null, { timeout });
  await page.evaluate(() => Jupyter.notebook.execute_all_cells());
  await page.waitForSelector('.js-plotly-plot .main-svg', { timeout });
  // Every cell done: no cell still shows "In [*]".
  await page.waitForFunction(() => Jupyter.notebook.get_cells().every((c) => c.cell_type !== 'code' || (c.input_prompt_number !== '*' && c.input_prompt_number !== undefined && c.input_prompt_number !== null)), null, { timeout });
  result.plots = await page.locator('.js-plotly-plot .main-svg').count();
  result.errorOutputs = await page.locator('.output_error').allInnerTexts();
  result.stepPaths = await page.locator('.js-plotly-plot .scatterlayer .trace path.js-line').count();
  await page.locator('.js-plotly-plot').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot, fullPage: true });
} catch (e) {
  result.failure = String(e);
} finally {
  await context.close();
}
console.log(JSON.stringify(result));
