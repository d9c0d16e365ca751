import { describe, expect, it } from 'vitest';
import { apiParams, pageCount, parseTaskQuery, serializeTaskQuery, updateQuery } from '../src/lib/taskQuery';

describe('dashboard query in the URL', () => {
  it('defaults when the URL has nothing', () => {
    expect(parseTaskQuery('')).toEqual({ status: '', priority: '', search: '', assignee: '', label: '', ordering: '-created_at', page: 1, pageSize: 20 });
    expect(serializeTaskQuery(parseTaskQuery(''))).toBe('');
  });

  it('round-trips every setting', () => {
    const search = '?status=done&priority=high&search=report+q4&ordering=-due_date&page=3&page_size=50';
    const query = parseTaskQuery(search);
    expect(query).toEqual({ status: 'done', priority: 'high', search: 'report q4', assignee: '', label: '', ordering: '-due_date', page: 3, pageSize: 50 });
    expect(parseTaskQuery(serializeTaskQuery(query))).toEqual(query);
  });

  it('drops values the API would refuse', () => {
    expect(parseTaskQuery('?status=nope&priority=x&ordering=password&page=-2&page_size=1000')).toEqual(parseTaskQuery(''));
  });

  it('starts again at page 1 when a filter changes, not when the page does', () => {
    const query = parseTaskQuery('?page=4');
    expect(updateQuery(query, { status: 'todo' }).page).toBe(1);
    expect(updateQuery(query, { page: 5 }).page).toBe(5);
  });

  it('maps to the API parameters', () => {
    expect(apiParams(parseTaskQuery('?search=%20x%20&status=todo'))).toEqual({
      ordering: '-created_at',
      page: 1,
      page_size: 20,
      status: 'todo',
      search: 'x',
    });
    expect(apiParams(parseTaskQuery(''), 3)).toEqual({ project: 3, ordering: '-created_at', page: 1, page_size: 20 });
  });

  it('counts pages', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(41, 20)).toBe(3);
  });
});

describe('the assignee and label filters', () => {
  it('go through the URL to the API', () => {
    const query = parseTaskQuery('?assignee=me&label=12');
    expect(query).toMatchObject({ assignee: 'me', label: '12' });
    expect(serializeTaskQuery(query)).toBe('?assignee=me&label=12');
    expect(apiParams(query, 3)).toMatchObject({ project: 3, assignee: 'me', label: '12' });
  });

  it('ignore what they do not know', () => {
    expect(parseTaskQuery('?assignee=42&label=bug')).toMatchObject({ assignee: '', label: '' });
  });
});
