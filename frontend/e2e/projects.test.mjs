// Projects (Teams) in the browser: an owner creates a project and a task in it, finds the task
// under the project and under "All tasks", renames the project, adds a second registered user as
// a viewer (who then sees the project in their own sidebar, read-only) and invites an unknown
// email; archiving the project makes task creation refused, with the reason shown.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { api, assertNoProblems, expectAccessible, flowSteps, launchBrowser, login, loginByApi, newContext, registerByApi, screenshot, uniqueUser } from './helpers.mjs';

/** The sidebar's link to a project (its accessible name is the project's name). */
const projectLink = (page, name) => page.getByRole('navigation', { name: 'Projects' }).getByRole('link', { name, exact: true });

/** Toasts pile up over the bottom of the page: dismiss them before clicking there. */
async function dismissToasts(page) {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

/** The project's tasks through the API, as the owner. */
async function projectTaskTitles(user, projectId) {
  const { access } = await loginByApi(user);
  const { status, body } = await api(`/api/tasks/?project=${projectId}`, { token: access });
  assert.equal(status, 200, JSON.stringify(body));
  return body.results.map((t) => t.title);
}

describe('projects', { concurrency: false }, () => {
  let browser;
  let context;
  let page;
  let viewerContext;
  const owner = uniqueUser('owner');
  // Names of their own, so the members list tells the two apart.
  const viewer = { ...uniqueUser('viewer'), first_name: 'Ada', last_name: 'Lovelace' };
  let viewerId;
  const suffix = owner.username.split('_')[1];
  const firstName = `Launch ${suffix}`;
  const renamed = `Launch plan ${suffix}`;
  const taskTitle = 'Write the press release';
  let projectId;
  const step = flowSteps(test);

  before(async () => {
    await registerByApi(owner);
    viewerId = (await registerByApi(viewer)).user.id;
    browser = await launchBrowser();
    context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await login(page, owner);
  });
  afterEach(async (t) => {
    if (page && !page.isClosed()) await screenshot(page, `projects-last-${t.name.replace(/\W+/g, '-').slice(0, 40)}`).catch(() => {});
  });
  after(async () => {
    await browser?.close();
  });

  step('a user with only the personal project sees it first in the sidebar', async () => {
    const { access } = await loginByApi(owner);
    const { body: projects } = await api('/api/projects/', { token: access });
    assert.equal(projects.length, 1);
    assert.equal(projects[0].is_personal, true);
    const links = page.getByRole('navigation', { name: 'Projects' }).getByRole('link');
    await projectLink(page, projects[0].name).waitFor();
    assert.deepEqual(await links.allTextContents(), ['All tasks', projects[0].name]);
    // The task dialog offers no project to choose from: there is only one.
    await page.getByRole('button', { name: '+ New task' }).click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Project').count(), 0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  step('create a project', async () => {
    await page.getByRole('button', { name: '+ New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'name');
    await expectAccessible(page, 'new project dialog');
    await dialog.getByLabel('Name').fill(firstName);
    await dialog.getByLabel('Color').fill('#0ea5e9');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: firstName }).waitFor();
    const match = page.url().match(/\/projects\/(\d+)$/);
    assert.ok(match, `the project's page: ${page.url()}`);
    projectId = Number(match[1]);
    assert.equal(await projectLink(page, firstName).getAttribute('aria-current'), 'page');
    await page.getByText('No tasks yet.').waitFor();
  });

  step('create a task in it', async () => {
    await page.getByRole('button', { name: '+ New task' }).click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    // The project shown is the default.
    assert.equal(await dialog.getByLabel('Project').inputValue(), String(projectId));
    await dialog.getByLabel('Title').fill(taskTitle);
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('task-title').filter({ hasText: taskTitle }).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-stat="total_tasks"] span:last-child')?.textContent === '1');
    assert.deepEqual(await projectTaskTitles(owner, projectId), [taskTitle]);
    // The project is in the URL: a reload shows it again.
    await page.reload();
    await page.getByRole('heading', { name: firstName }).waitFor();
    await page.getByTestId('task-title').filter({ hasText: taskTitle }).waitFor();
    await screenshot(page, 'project-tasks');
    await expectAccessible(page, 'project page');
  });

  step('the task is under its project and under All tasks, not under the personal project', async () => {
    await page.getByRole('link', { name: 'All tasks' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const row = page.getByTestId('task-list').locator('li').filter({ hasText: taskTitle });
    await row.getByTestId('task-project').filter({ hasText: firstName }).waitFor();

    const personal = page.getByRole('navigation', { name: 'Projects' }).getByRole('link').nth(1);
    await personal.click();
    await page.waitForURL(/\/projects\/\d+$/);
    assert.ok(!page.url().endsWith(`/projects/${projectId}`), page.url());
    await page.getByText('No tasks yet.').waitFor();

    // Back returns to the list of every task.
    await page.goBack();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await projectLink(page, firstName).click();
    await page.getByTestId('task-title').filter({ hasText: taskTitle }).waitFor();
  });

  step('rename the project', async () => {
    await page.getByRole('link', { name: 'Settings and members' }).click();
    await page.getByRole('heading', { name: 'Project settings' }).waitFor();
    assert.equal(await page.getByTestId('my-role').textContent(), 'Owner');
    await page.getByLabel('Name', { exact: true }).fill(renamed);
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.locator('[data-toast]').filter({ hasText: 'Project saved' }).waitFor();
    await projectLink(page, renamed).waitFor();
    assert.equal(await projectLink(page, firstName).count(), 0);
  });

  step('add a registered user as a viewer, and invite an unknown email', async (t) => {
    await dismissToasts(page);
    await page.getByLabel('Email').fill(viewer.email);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Add member' }).click();
    const outcome = page.getByTestId('add-member-outcome');
    await outcome.filter({ hasText: 'as viewer' }).waitFor();
    // "Added" once the tasks service has heard of the registration (an event): normally at once.
    const text = await outcome.textContent();
    if (text.startsWith('Added')) {
      await page.locator(`[data-member-id="${viewerId}"]`).getByText('Ada Lovelace', { exact: true }).waitFor();
      assert.equal(await page.locator(`[data-member-id="${viewerId}"] select`).inputValue(), 'viewer');
    } else {
      assert.match(text, /^Invited /);
      t.diagnostic('the viewer was invited, not added: the user directory had not heard of the registration yet');
    }
    await screenshot(page, 'project-members');

    const stranger = `nobody.${suffix}@example.com`;
    await page.getByLabel('Email').fill(stranger);
    await page.getByLabel('Role', { exact: true }).selectOption('editor');
    await page.getByRole('button', { name: 'Add member' }).click();
    await outcome.filter({ hasText: `Invited ${stranger} as editor` }).waitFor();
    await page.getByTestId('invitations').getByText(stranger).waitFor();
    await expectAccessible(page, 'project settings with members and an invitation');
    await dismissToasts(page);
    await page.getByRole('button', { name: `Cancel invitation of ${stranger}` }).click();
    await page.locator('[data-toast]').filter({ hasText: 'Invitation cancelled' }).waitFor();
    await page.getByTestId('invitations').getByText(stranger).waitFor({ state: 'detached' });
  });

  step('the viewer sees the project in their sidebar, read-only', async () => {
    viewerContext = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const viewerPage = await viewerContext.newPage();
    await login(viewerPage, viewer);
    // The sidebar has loaded once the personal project shows. (An invitation becomes a
    // membership when the registration reaches the tasks service: hence the reloads.)
    const sidebarLoaded = () => viewerPage.getByRole('navigation', { name: 'Projects' }).getByRole('link').nth(1).waitFor();
    await sidebarLoaded();
    const deadline = Date.now() + 15_000;
    while ((await projectLink(viewerPage, renamed).count()) === 0) {
      assert.ok(Date.now() < deadline, 'the shared project never appeared in the viewer’s sidebar');
      await viewerPage.waitForTimeout(1000);
      await viewerPage.reload();
      await sidebarLoaded();
    }
    await projectLink(viewerPage, renamed).click();
    await viewerPage.getByRole('heading', { name: renamed }).waitFor();
    await viewerPage.getByTestId('task-title').filter({ hasText: taskTitle }).waitFor();
    await viewerPage.getByRole('note').filter({ hasText: 'You are a viewer of this project' }).waitFor();
    assert.equal(await viewerPage.getByRole('button', { name: '+ New task' }).isDisabled(), true);
    assert.equal(await viewerPage.getByRole('button', { name: `Edit ${taskTitle}` }).count(), 0);
    await viewerPage.getByRole('link', { name: 'Settings and members' }).click();
    await viewerPage.getByText('Only admins and owners can change these details.').waitFor();
    assert.equal(await viewerPage.getByLabel('Name', { exact: true }).isDisabled(), true);
    await expectAccessible(viewerPage, 'project settings as a viewer');
    await screenshot(viewerPage, 'project-viewer-settings');
    assertNoProblems(viewerContext);
    await viewerContext.close();
  });

  step('archived, the project refuses new tasks, and says why', async () => {
    // A second tab has the task dialog open, with this project chosen, before the archiving.
    const otherTab = await context.newPage();
    await otherTab.goto('/');
    await otherTab.getByRole('button', { name: '+ New task' }).click();
    const dialog = otherTab.getByRole('dialog', { name: 'New task' });
    await dialog.getByLabel('Project').selectOption(String(projectId));
    await dialog.getByLabel('Title').fill('Too late');

    await page.goto(`/projects/${projectId}/settings`);
    await dismissToasts(page);
    await page.getByRole('button', { name: 'Archive project' }).click();
    await page.locator('[data-toast]').filter({ hasText: 'Project archived' }).waitFor();
    await page.getByRole('button', { name: 'Restore project' }).waitFor();

    // The project's page says it is read-only, and offers no way to add a task.
    await page.getByRole('navigation', { name: 'Projects' }).getByText('Archived (1)').click();
    await projectLink(page, renamed).click();
    await page.getByRole('note').filter({ hasText: 'This project is archived' }).waitFor();
    await expectAccessible(page, 'archived project page');
    assert.equal(await page.getByRole('button', { name: '+ New task' }).isDisabled(), true);
    await screenshot(page, 'project-archived');

    // The dialog opened before: the service refuses, and the dialog shows its reason.
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: /archived/i })
      .waitFor();
    await screenshot(otherTab, 'project-archived-refused');
    await otherTab.close();
    assert.deepEqual(await projectTaskTitles(owner, projectId), [taskTitle]);
    assertNoProblems(context);
  });
});
