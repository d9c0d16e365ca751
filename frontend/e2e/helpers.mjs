// Shared pieces of the browser tests: the browser, the stack, screenshots, API shortcuts.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const GATEWAY = process.env.TASKFLOW_GATEWAY_URL ?? 'http://127.0.0.1:38000';
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = process.env.E2E_ARTIFACTS ?? join(REPO_ROOT, 'test-artifacts/e2e');
export const STACK_SH = join(REPO_ROOT, 'deploy/local/stack.sh');

mkdirSync(ARTIFACTS, { recursive: true });

// Debian's Chromium, with the flags that keep it quiet and offline in a container.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser() {
  const home = mkdtempSync(join(tmpdir(), 'taskflow-e2e-chromium-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') },
  });
  browser.on('disconnected', () => rmSync(home, { recursive: true, force: true }));
  return browser;
}

/**
 * A browser context whose pages fail the test on a Content-Security-Policy violation or an
 * uncaught error, so the app is shown to pass the gateway's policy.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ baseURL: GATEWAY, acceptDownloads: true, ...options });
  context.setDefaultTimeout(15_000);
  context.problems = [];
  context.on('page', (page) => watchPage(context, page));
  return context;
}

function watchPage(context, page) {
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      context.problems.push(`CSP: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => context.problems.push(`page error: ${error.message}`));
}

export function assertNoProblems(context) {
  assert.deepEqual(context.problems, [], 'the page reported CSP violations or errors');
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page as it is now (an open dialog, a picked-up card included) and fails
 * on any violation, listing each with the elements concerned. axe goes in through the DevTools
 * protocol, which the gateway's Content-Security-Policy does not apply to (a <script> would be refused).
 */
export async function expectAccessible(page, what) {
  // A settled page: what is still loading is checked once it has loaded.
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 10_000 });
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
  assert.deepEqual(violations, [], `${what}: accessibility violations:\n${JSON.stringify(violations, null, 2)}`);
}

export async function screenshot(page, name) {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export function uniqueUser(prefix = 'e2e') {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    username: `${prefix}_${id}`,
    email: `${prefix}.${id}@example.com`,
    first_name: 'Grace',
    last_name: 'Hopper',
    // Nothing in common with the names above (the similarity rule would refuse it).
    password: 'Violet-Tangerine-Harbor-42',
  };
}

/** Registers through the API (for tests whose subject is not the sign-up form). */
export async function registerByApi(user) {
  const response = await fetch(`${GATEWAY}/api/auth/register/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...user, password_confirm: user.password }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text);
}

/** A fresh session through the API (access tokens may live 10 s on the e2e stack: take one just before use). */
export async function loginByApi(user) {
  const { status, body } = await api('/api/auth/login/', { method: 'POST', body: { email: user.email, password: user.password } });
  assert.equal(status, 200, JSON.stringify(body));
  return body.tokens;
}

export async function api(path, { method = 'GET', token, body } = {}) {
  // A client that respects the gateway's rate limit: set-up that creates many tasks at once can
  // outrun it on a fast machine, and then waits as Retry-After says.
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${GATEWAY}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (response.status === 429 && attempt < 5) {
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('Retry-After') ?? 1)));
      continue;
    }
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
}

/** Signs in through the login form. */
export async function login(page, user) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

export function storedTokens(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('taskflow.tokens') ?? 'null'));
}

/** deploy/local/stack.sh COMMAND ARGS on the e2e stack (its environment comes from run-e2e.sh). */
export function stack(...args) {
  // Never the default .taskflow stack (someone's `make up`): only the one run-e2e.sh started.
  assert.ok(process.env.TASKFLOW_HOME && process.env.E2E_STACK === '1', 'stack.sh is only run from tests/e2e/run-e2e.sh');
  const result = spawnSync(STACK_SH, args, { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, `stack.sh ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** stack.sh in the background: resolves when it is done, so the browser keeps working meanwhile. */
export function stackInBackground(...args) {
  assert.ok(process.env.TASKFLOW_HOME && process.env.E2E_STACK === '1', 'stack.sh is only run from tests/e2e/run-e2e.sh');
  return new Promise((resolve, reject) => {
    const child = spawn(STACK_SH, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`stack.sh ${args.join(' ')}: exit ${code}\n${output}`))));
  });
}

/**
 * A test that is skipped once an earlier step of the same flow failed: the steps build on each
 * other, and one failure should be reported once, not as a cascade of timeouts.
 */
export function flowSteps(testFn) {
  let broken = null;
  return (name, options, fn) => {
    if (typeof options === 'function') [options, fn] = [{}, options];
    testFn(name, options, async (t) => {
      if (broken) {
        t.skip(`not run: the step "${broken}" failed`);
        return;
      }
      try {
        await fn(t);
      } catch (error) {
        broken = name;
        throw error;
      }
    });
  };
}
