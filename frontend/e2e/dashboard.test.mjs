// The dashboard with more tasks than a page: pagination, select-all, and the keyboard alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, assertNoProblems, expectAccessible, launchBrowser, login, newContext, registerByApi, screenshot, uniqueUser } from './helpers.mjs';

const COUNT = 23;

describe('dashboard with many tasks', { concurrency: false }, () => {
  let browser;
  let context;
  let page;

  before(async () => {
    const user = uniqueUser('pages');
    const { tokens } = await registerByApi(user);
    for (let i = 1; i <= COUNT; i++) {
      const created = await api('/api/tasks/', {
        method: 'POST',
        token: tokens.access,
        body: { title: `Task ${String(i).padStart(2, '0')}` },
      });
      assert.equal(created.status, 201);
    }
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    await login(page, user);
  });
  after(async () => {
    await browser?.close();
  });

  const titles = () => page.getByTestId('task-title').allTextContents();
  const waitForCount = (n) => page.waitForFunction((want) => document.querySelectorAll('[data-testid="task-title"]').length === want, n);

  test('pages of 10, with next and previous', async () => {
    await page.getByLabel('Per page').selectOption('10');
    await page.getByText('Page 1 of 3').waitFor();
    await waitForCount(10);
    assert.equal((await titles())[0], 'Task 23');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2 of 3').waitFor();
    assert.match(page.url(), /page=2/);
    await page.waitForFunction(() => document.querySelector('[data-testid="task-title"]')?.textContent === 'Task 13');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 3 of 3').waitFor();
    await waitForCount(3);
    assert.equal(await page.getByRole('button', { name: 'Next' }).isDisabled(), true);
    await screenshot(page, 'dashboard-page-3');
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByText('Page 2 of 3').waitFor();
    // A filter starts again at page 1.
    await page.getByLabel('Search').fill('23');
    await page.waitForFunction(() => !location.search.includes('page=2') && location.search.includes('search='));
    await page.getByText('Page 1 of 1').waitFor();
    await waitForCount(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForCount(20);
  });

  test('select all on the page', async () => {
    await page.getByLabel('Select all tasks on this page').check();
    assert.equal(await page.getByTestId('selected-count').textContent(), '20 selected');
    await expectAccessible(page, 'dashboard with a selection');
    await page.getByLabel('Select all tasks on this page').uncheck();
    await page.getByTestId('selected-count').waitFor({ state: 'detached' });
  });

  test('create a task with the keyboard alone', async () => {
    const newTask = page.getByRole('button', { name: '+ New task' });
    await newTask.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.waitFor();
    // Focus lands in the title field; Escape closes and gives focus back.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'title');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '+ New task');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('task-title').filter({ hasText: 'Typed without a mouse' }).waitFor();
    assertNoProblems(context);
  });
});
