import { expect } from 'chai';
import { jsonOf, type Harness } from '../support/harness.js';
import { createApplicationHarness } from '../support/applicationHarness.js';
import { submitBody } from './support/fixtures.js';

/**
 * Postgres keeps microseconds; a cursor that kept only milliseconds (what a JS
 * Date holds) skipped every row of the same millisecond after a page boundary.
 */
describe('keyset paging: rows created within one millisecond', () => {
  let h: Harness;
  let expected: string[];

  before(async () => {
    h = await createApplicationHarness({ start: false });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(String((await h.lendwire.applications.submit(submitBody({ dealerId: 'dealer-2', externalRef: `same-ms-${i}` }))).id));
    // Five rows one microsecond apart inside the same millisecond, and two more sharing one timestamp exactly.
    const apps = () => h.db.knex.withSchema('lendwire').table('applications');
    for (const [i, id] of ids.entries()) {
      const micros = String(Math.min(i, 4)).padStart(3, '0');
      await apps().where({ id }).update({ created_at: `2026-11-20T10:00:00.123${micros}Z` });
    }
    expected = (await apps().orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select('id')).map((r: { id: string }) => r.id);
    expect(expected).to.have.length(7);
  });
  after(async () => {
    await h?.close();
  });

  /** Follows `nextCursor` until the last page, collecting ids. */
  async function pageThrough(fetchPage: (cursor: string | null) => Promise<{ items: { id: string }[]; nextCursor: string | null }>): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page = await fetchPage(cursor);
      expect(page.items.length).to.be.at.most(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('paging did not end');
  }

  it('the dealer API returns every row exactly once, newest first', async () => {
    const seen = await pageThrough(async (cursor) => {
      const res = await h.request(`/applications?dealerId=dealer-2&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: 'dealer2-token' });
      expect(res.status).to.equal(200);
      return jsonOf(res);
    });
    expect(seen).to.deep.equal(expected);
  });

  it('lendwire.applications.list pages the same way in-process', async () => {
    const seen = await pageThrough(async (cursor) => (await h.lendwire.applications.list({ limit: '2', ...(cursor ? { cursor } : {}) })) as { items: { id: string }[]; nextCursor: string | null });
    expect(seen).to.deep.equal(expected);
  });

  it('the admin API search returns every row exactly once with the same cursors', async () => {
    const seen = await pageThrough(async (cursor) => {
      const res = await h.request(`/admin/api/applications?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: 'admin-token' });
      expect(res.status).to.equal(200);
      return jsonOf(res);
    });
    expect(seen).to.deep.equal(expected);
  });
});
