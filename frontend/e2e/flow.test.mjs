// The whole journey of one user in a real Chromium, against the real stack through the gateway:
// sign up -> create tasks -> filter, search, sort -> open one -> comment -> upload and download
// an attachment -> a change made in a second browser context shows up live as a notification ->
// bulk update -> delete -> log out. One instance of the tasks and auth services is stopped
// during the flow (restarted at the end): nothing the user does may fail because of it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { flowSteps, assertNoProblems, expectAccessible, launchBrowser, login, newContext, screenshot, stack, stackInBackground, storedTokens, uniqueUser } from './helpers.mjs';

const TASKS = [
  { title: 'Write quarterly report', description: 'Numbers for Q4, with charts.', priority: 'high', status: 'todo' },
  { title: 'Buy groceries', description: 'Milk, eggs, coffee.', priority: 'low', status: 'todo' },
  { title: 'Review pull request', description: 'The notifications service.', priority: 'urgent', status: 'in_progress' },
];

/** The task titles in the dashboard's list, in order. */
async function listedTitles(page) {
  await page.getByTestId('task-list').waitFor();
  return page.getByTestId('task-title').allTextContents();
}

/** Waits until the list shows exactly `titles` (the list reloads after each filter change). */
async function expectTitles(page, titles) {
  await page
    .waitForFunction(
      (want) => {
        const have = [...document.querySelectorAll('[data-testid="task-title"]')].map((a) => a.textContent);
        return JSON.stringify(have) === JSON.stringify(want);
      },
      titles,
      { timeout: 10_000 },
    )
    .catch(async () => assert.deepEqual(await listedTitles(page), titles));
}

describe('the main flow', { concurrency: false }, () => {
  let browser;
  let context;
  let page;
  const user = uniqueUser('flow');
  const stopped = [];
  const step = flowSteps(test);

  before(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });

  after(async () => {
    for (const component of stopped) stack('start-component', component);
    await browser?.close();
  });

  step('sign up', async () => {
    await page.goto('/');
    await page.waitForURL('**/login');
    await expectAccessible(page, 'login');
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('First name').waitFor();
    await expectAccessible(page, 'sign-up');
    await page.getByLabel('First name').fill(user.first_name);
    await page.getByLabel('Last name').fill(user.last_name);
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByLabel('Confirm password').fill(user.password);
    for (const rule of ['length', 'numeric', 'similar']) {
      assert.equal(await page.locator(`[data-rule="${rule}"]`).getAttribute('data-met'), 'true', rule);
    }
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('No tasks yet.').waitFor();
    await expectAccessible(page, 'empty dashboard');
    const tokens = await storedTokens(page);
    assert.ok(tokens?.access && tokens?.refresh, 'tokens stored after sign-up');
  });

  step('create tasks, while one instance of tasks and one of auth are stopped', async () => {
    // The instances stop (SIGTERM: drain, then exit) while the tasks are being created.
    stopped.push('tasks-0', 'auth-1');
    const stopping = Promise.all([stackInBackground('stop-component', 'tasks-0'), stackInBackground('stop-component', 'auth-1')]);
    for (const task of TASKS) {
      await page.getByRole('button', { name: '+ New task' }).click();
      const dialog = page.getByRole('dialog', { name: 'New task' });
      await dialog.getByLabel('Title').fill(task.title);
      await dialog.getByLabel('Description').fill(task.description);
      await dialog.getByLabel('Priority').selectOption(task.priority);
      await dialog.getByLabel('Status').selectOption(task.status);
      if (task === TASKS[0]) await expectAccessible(page, 'new task dialog');
      await dialog.getByRole('button', { name: 'Create task' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('task-title').filter({ hasText: task.title }).waitFor();
    }
    await stopping;
    await expectTitles(page, TASKS.map((t) => t.title).reverse());
    await page.waitForFunction(() => document.querySelector('[data-stat="total_tasks"] span:last-child')?.textContent === '3');
    assert.equal(await page.locator('[data-stat="in_progress_tasks"] span:last-child').textContent(), '1');
    await screenshot(page, 'dashboard');
  });

  step('filter, search and sort', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption('in_progress');
    await expectTitles(page, ['Review pull request']);
    assert.match(page.url(), /status=in_progress/);
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByLabel('Priority', { exact: true }).selectOption('low');
    await expectTitles(page, ['Buy groceries']);
    await page.getByLabel('Priority', { exact: true }).selectOption('');

    await page.getByLabel('Search').fill('REPORT');
    await expectTitles(page, ['Write quarterly report']);
    assert.match(page.url(), /search=REPORT/);
    // The search covers descriptions too.
    await page.getByLabel('Search').fill('coffee');
    await expectTitles(page, ['Buy groceries']);
    await page.getByLabel('Search').fill('');
    await expectTitles(page, TASKS.map((t) => t.title).reverse());

    await page.getByLabel('Sort by').selectOption('title');
    await expectTitles(page, ['Buy groceries', 'Review pull request', 'Write quarterly report']);
    await page.getByLabel('Sort by').selectOption('-priority');
    await expectTitles(page, ['Review pull request', 'Write quarterly report', 'Buy groceries']);
    // The state is in the URL: a reload shows the same list.
    await page.reload();
    await expectTitles(page, ['Review pull request', 'Write quarterly report', 'Buy groceries']);
    await screenshot(page, 'dashboard-sorted');
    await page.getByLabel('Sort by').selectOption('-created_at');
  });

  step('open a task, comment, upload and download an attachment', async () => {
    await page.getByTestId('task-title').filter({ hasText: 'Write quarterly report' }).click();
    await page.getByTestId('task-heading').filter({ hasText: 'Write quarterly report' }).waitFor();
    assert.match(page.url(), /\/tasks\/\d+$/);
    await expectAccessible(page, 'task page');

    await page.getByLabel('Add a comment').fill('First draft is attached.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByTestId('comments').getByText('First draft is attached.').waitFor();
    await page.getByRole('heading', { name: 'Comments (1)' }).waitFor();

    const content = randomBytes(600 * 1024);
    await page.getByLabel('Upload a file').setInputFiles({ name: 'q4-figures.bin', mimeType: 'application/octet-stream', buffer: content });
    await page.getByTestId('attachments').getByText('q4-figures.bin').waitFor();
    await page.getByRole('heading', { name: 'Attachments (1)' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download q4-figures.bin' }).click()]);
    assert.equal(download.suggestedFilename(), 'q4-figures.bin');
    const downloaded = await readFile(await download.path());
    assert.ok(downloaded.equals(content), 'the downloaded file is the uploaded one, byte for byte');

    // Still there after a reload (it came from the server, not from the page's memory).
    await page.reload();
    await page.getByTestId('comments').getByText('First draft is attached.').waitFor();
    await page.getByTestId('attachments').getByText('q4-figures.bin').waitFor();
    await screenshot(page, 'task-detail');
  });

  step('a change made in another browser shows up live as a notification', async () => {
    await page.getByTestId('notification-bell').and(page.locator('[data-live="open"]')).waitFor({ timeout: 15_000 });
    const before = Number(
      (await page
        .getByTestId('unread-count')
        .textContent({ timeout: 500 })
        .catch(() => '0')) ?? 0,
    );
    await page.evaluate(() => {
      window.__sameDocument = true;
    });

    const other = await newContext(browser);
    const otherPage = await other.newPage();
    await login(otherPage, user);
    await otherPage.getByTestId('task-title').filter({ hasText: 'Write quarterly report' }).click();
    await otherPage.getByRole('button', { name: 'Edit' }).click();
    const dialog = otherPage.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Status').selectOption('done');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The first browser: a toast and a higher unread count, without a reload.
    await page.locator('[data-toast]').filter({ hasText: 'Task Completed' }).waitFor({ timeout: 15_000 });
    await page.waitForFunction((was) => Number(document.querySelector('[data-testid="unread-count"]')?.textContent ?? 0) > was, before, {
      timeout: 10_000,
    });
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    // The task page shown in the first browser follows the change by itself.
    await page.getByText('Done', { exact: true }).waitFor();
    await page.getByTestId('notification-bell').click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    await panel.getByText('Task "Write quarterly report" has been completed!').waitFor();
    await screenshot(page, 'notifications');
    await expectAccessible(page, 'notifications panel');
    // One marked read, then all: the count goes down, then away.
    const unreadBefore = Number(await page.getByTestId('unread-count').textContent());
    await panel.getByRole('button', { name: 'Mark read' }).first().click();
    await page.waitForFunction((was) => Number(document.querySelector('[data-testid="unread-count"]')?.textContent ?? 0) === was - 1, unreadBefore);
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByTestId('unread-count').waitFor({ state: 'detached' });
    assert.equal(await panel.locator('[data-notification-read="false"]').count(), 0);
    await panel.getByRole('button', { name: 'Clear' }).click();
    await panel.getByText("You're all caught up.").waitFor();
    await page.keyboard.press('Escape');
    assertNoProblems(other);
    await other.close();
  });

  step('bulk update', async () => {
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByLabel('Select Buy groceries').check();
    await page.getByLabel('Select Review pull request').check();
    assert.equal(await page.getByTestId('selected-count').textContent(), '2 selected');
    await page.getByLabel('Set status').selectOption('review');
    await page.getByLabel('Set priority').selectOption('medium');
    await page.getByRole('button', { name: 'Apply to 2' }).click();
    await page.locator('[data-toast]').filter({ hasText: 'Updated 2 tasks' }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('review');
    await expectTitles(page, ['Review pull request', 'Buy groceries']);
    await page.getByLabel('Priority', { exact: true }).selectOption('medium');
    await expectTitles(page, ['Review pull request', 'Buy groceries']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForFunction(() => document.querySelector('[data-stat="review_tasks"] span:last-child')?.textContent === '2');
  });

  step('delete a task, with confirmation', async () => {
    await page.getByRole('button', { name: 'Delete Buy groceries' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this task?' });
    await screenshot(page, 'delete-confirmation');
    await expectAccessible(page, 'delete dialog');
    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.ok((await listedTitles(page)).includes('Buy groceries'));
    await page.getByRole('button', { name: 'Delete Buy groceries' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.locator('[data-toast]').filter({ hasText: 'Task deleted' }).waitFor();
    await expectTitles(page, ['Review pull request', 'Write quarterly report']);
    await expectAccessible(page, 'dashboard with tasks and a toast');
  });

  step('profile and password change; a phone-sized screen in dark mode', async () => {
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByLabel('Username').waitFor();
    assert.equal(await page.getByLabel('Username').inputValue(), user.username);
    await page.getByLabel('First name').fill('Rear Admiral Grace');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.locator('[data-toast]').filter({ hasText: 'Profile saved' }).waitFor();
    // Change the password: a common one is refused at its field, then a good one is taken.
    await page.getByLabel('Current password').fill(user.password);
    await page.getByLabel('New password', { exact: true }).fill('qwertyuiop');
    await page.getByLabel('Confirm new password').fill('qwertyuiop');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('This password is too common.').waitFor();
    user.password = 'Another-Violet-Harbor-77';
    await page.getByLabel('New password', { exact: true }).fill(user.password);
    await page.getByLabel('Confirm new password').fill(user.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('[data-toast]').filter({ hasText: 'Password changed' }).waitFor();
    await screenshot(page, 'profile');
    await expectAccessible(page, 'profile');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: /^Theme: system/ }).click(); // system -> dark
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true);
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // Nothing sticks out sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await screenshot(page, 'dashboard-phone-dark');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  step('restart the stopped instances', () => {
    while (stopped.length) stack('start-component', stopped.pop());
  });

  step('log out, then sign in with the new password', async () => {
    const { refresh } = await storedTokens(page);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    assert.equal(await storedTokens(page), null);
    // The refresh token was revoked by the server, not only forgotten.
    const response = await fetch(new URL('/api/auth/refresh/', page.url()), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh }),
    });
    assert.equal(response.status, 401);
    await page.goto('/');
    await page.waitForURL('**/login');
    // The changed password is the one that works now.
    await login(page, user);
    assertNoProblems(context);
  });
});
