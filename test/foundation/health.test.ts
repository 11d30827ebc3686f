import { expect } from 'chai';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';

describe('GET /health and /metrics', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(async () => {
    await h.close();
  });

  it('answers 200 with Postgres, Redis and workers ok', async () => {
    const res = await h.request('/health');
    const body = await jsonOf(res);
    expect(res.status).to.equal(200);
    expect(body.status).to.equal('ok');
    expect(body.checks.postgres.ok).to.equal(true);
    expect(body.checks.redis.ok).to.equal(true);
    expect(body.checks.workers.ok).to.equal(true);
  });

  it('serves Prometheus metrics from the plugin registry with the lendwire_ prefix', async () => {
    const res = await h.request('/metrics');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/text\/plain/);
    const text = await res.text();
    expect(text).to.match(/^lendwire_process_cpu_user_seconds_total /m);
    expect(text).not.to.match(/^process_cpu_user_seconds_total /m);
  });

  it('answers unknown plugin routes with problem+json 404', async () => {
    const res = await h.request('/nope');
    expect(res.status).to.equal(404);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    const body = await jsonOf(res);
    expect(body).to.include({ status: 404, title: 'Not found' });
    expect(body.type).to.be.a('string');
    expect(JSON.stringify(body)).not.to.match(/at .*\.ts:\d+/);
  });
});
