// Measures the web app's first load through the gateway in headless Chromium (docs/benchmarks.md):
// the JavaScript bytes on the wire (gzip) and the time from navigation start until the dashboard
// shows its stats and a 20-task list, with a cold cache (new context each run) and a warm one.
//
//   TASKFLOW_GATEWAY_URL=http://127.0.0.1:8000 node frontend/e2e/measure-load.mjs [RUNS]
import { GATEWAY, api, launchBrowser, registerByApi, uniqueUser } from './helpers.mjs';

const RUNS = Number(process.argv[2] ?? 10);
const TASKS = 20;

const user = uniqueUser('measure');
const { tokens } = await registerByApi(user);
for (let i = 0; i < TASKS; i++) {
  const created = await api('/api/tasks/', {
    method: 'POST',
    token: tokens.access,
    body: { title: `Measured task ${i + 1}`, priority: 'medium' },
  });
  if (created.status !== 201) throw new Error(`task creation: ${created.status}`);
}

const browser = await launchBrowser();

/** One load of / in `context`: [ms until the dashboard is usable, encoded JS bytes]. */
async function load(context) {
  const page = await context.newPage();
  let jsBytes = 0;
  const sizes = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() === 'script') sizes.push(request.sizes().then((s) => (jsBytes += s.responseBodySize)));
  });
  await page.goto('/');
  // Usable: stats filled in, the list rendered, the "+ New task" button there.
  const ms = await page.waitForFunction(
    (count) =>
      document.querySelectorAll('[data-testid="task-title"]').length === count &&
      document.querySelector('[data-stat="total_tasks"] span:last-child')?.textContent === String(count) &&
      [...document.querySelectorAll('button')].some((b) => b.textContent === '+ New task' && !b.disabled)
        ? performance.now()
        : null,
    TASKS,
    { polling: 'raf', timeout: 15_000 },
  );
  await Promise.all(sizes);
  const result = [await ms.jsonValue(), jsBytes];
  await page.close();
  return result;
}

const cold = [];
const warm = [];
let coldJs = 0;
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ baseURL: GATEWAY });
  await context.addInitScript((saved) => localStorage.setItem('taskflow.tokens', saved), JSON.stringify(tokens));
  const [coldMs, coldBytes] = await load(context);
  const [warmMs] = await load(context);
  cold.push(coldMs);
  warm.push(warmMs);
  coldJs = coldBytes;
  await context.close();
}
await browser.close();

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pct = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const fmt = (xs) => `median ${pct(xs, 50).toFixed(0)} ms, p90 ${pct(xs, 90).toFixed(0)} ms, min ${sorted(xs)[0].toFixed(0)} ms, max ${sorted(xs).at(-1).toFixed(0)} ms`;
console.log(`gateway ${GATEWAY}, ${RUNS} runs, dashboard with ${TASKS} tasks`);
console.log(`JavaScript on the wire, first load: ${coldJs} bytes (${(coldJs / 1024).toFixed(1)} KiB, gzip)`);
console.log(`time to a usable dashboard, cold cache: ${fmt(cold)}`);
console.log(`time to a usable dashboard, warm cache: ${fmt(warm)}`);
