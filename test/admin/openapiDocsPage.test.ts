import { expect } from 'chai';
import { jsonOf, type Harness } from '../support/harness.js';
import { createAdminHarness } from './adminFixtures.js';

/** Text of the page without tags and entities, for plain-text assertions. */
const textOf = (html: string) => html.replace(/<\/?code>/g, '').replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('API reference page (GET /docs)', () => {
  let h: Harness;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  let res: Response;
  let html: string;
  before(async () => {
    h = await createAdminHarness();
    doc = await jsonOf(await h.request('/openapi.json'));
    res = await h.request('/docs');
    html = await res.text();
  });
  after(async () => {
    await h?.close();
  });

  it('answers 200 with an HTML page, without credentials', () => {
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.include(`<title>lendwire ${doc.info.version}: API reference</title>`);
  });

  it('runs no script and loads nothing from elsewhere (strict CSP, no inline script or style)', async () => {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("default-src 'none'");
    expect(csp).to.include("style-src 'self'");
    expect(csp).not.to.match(/unsafe-inline|unsafe-eval|script-src/);
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(html).not.to.match(/<script|\son[a-z]+=|<style|\sstyle=/i);
    expect(html).not.to.match(/(src|href)="(https?:)?\/\//);
    const css = await h.request('/docs/docs.css');
    expect(css.status).to.equal(200);
    expect(css.headers.get('content-type')).to.match(/^text\/css/);
    expect(html).to.include('href="docs/docs.css"');
  });

  it('lists every operation of the document (method, path, summary) and every webhook', () => {
    const text = textOf(html);
    let count = 0;
    for (const [path, ops] of Object.entries<Record<string, { operationId: string; summary: string }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(html, op.operationId).to.include(`id="op-${op.operationId}"`);
        expect(text, `${method} ${path}`).to.include(`${method.toUpperCase()} ${path}`);
        expect(text).to.include(op.summary.replace(/`/g, ''));
        count++;
      }
    }
    expect(count).to.be.greaterThan(30);
    for (const type of Object.keys(doc.webhooks)) expect(text, type).to.include(`POST ${type}`);
    expect(text).to.include('webhook-signature');
  });

  it('lists the schemas with their fields, linked from where they are used', () => {
    for (const name of ['CreditApplication', 'Person', 'SubmitApplicationRequest', 'ApplicationStatusChangedEventData', 'Problem']) expect(html, name).to.include(`id="schema-${name}"`);
    expect(html).to.include('<a href="#schema-CreditApplication">CreditApplication</a>');
    expect(textOf(html)).to.include('lenderId required');
  });

  it('escapes what it shows (descriptions with markup characters stay text)', () => {
    // The webhooks' description names `user-agent: lendwire/<version>`: it must reach the page as text, not as a tag.
    expect(html).to.include('&lt;version&gt;');
    expect(html).not.to.include('lendwire/<version>');
  });

  it('sends /docs/ to /docs (its relative links need the address without the slash)', async () => {
    const slash = await h.request('/docs/', { redirect: 'manual' });
    expect(slash.status).to.equal(301);
    expect(slash.headers.get('location')).to.equal('/lendwire/docs');
  });
});
