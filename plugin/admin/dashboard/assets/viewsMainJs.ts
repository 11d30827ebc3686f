/** Overview, applications (search, timeline, operator review), deliveries and dead letters. */
export const VIEWS_MAIN_JS = String.raw`'use strict';
(function () {
  var el = LW.el;

  function metric(id, label, value, sub, tone) {
    return el('div', { className: 'metric ' + (tone || ''), 'data-metric': id }, el('div', { className: 'label', text: label }), el('div', { className: 'value', text: value }), sub ? el('div', { className: 'sub', text: sub }) : null);
  }

  LW.views.overview = function () {
    var cards = el('div', { className: 'cards', id: 'overview-cards' });
    var statuses = el('div', { className: 'card' });
    var stamp = el('p', { className: 'muted' });
    LW.show(el('h2', { text: 'Overview' }), stamp, cards, statuses);
    async function load() {
      try {
        var o = await LW.api('/overview');
        var c = o.callbacks, d = o.deliveries;
        var byResult = Object.keys(c.perMinuteByResult).map(function (k) { return k + ' ' + c.perMinuteByResult[k]; }).join(', ') || 'none';
        var total = Object.keys(c.perMinuteByResult).reduce(function (s, k) { return s + c.perMinuteByResult[k]; }, 0);
        cards.replaceChildren(
          metric('callbacks-per-minute', 'Callbacks / min', String(Math.round(total * 100) / 100), byResult),
          metric('callback-success-rate', 'Callback success', c.successRate === null ? '-' : Math.round(c.successRate * 1000) / 10 + '%', 'last ' + o.windowMinutes + ' min', c.successRate !== null && c.successRate < 0.95 ? 'bad' : 'ok'),
          metric('deliveries-per-minute', 'Deliveries / min', String(d.perMinute.succeeded), d.perMinute.failed + ' failed / min'),
          metric('pending', 'Pending deliveries', String(d.pending)),
          metric('dead-letters', 'Dead letters', String(d.deadLetters), null, d.deadLetters ? 'bad' : 'ok'),
          metric('outbox-lag', 'Outbox lag', d.outboxLagSeconds + ' s', null, d.outboxLagSeconds > 60 ? 'bad' : ''),
          metric('review-queue', 'Review queue', String(c.reviewQueue), c.orphaned + ' orphaned', c.reviewQueue ? 'bad' : ''),
        );
        statuses.replaceChildren(el('h3', { text: 'Applications by status' }), LW.table([['Status', function (r) { return LW.pill(r.id); }], ['Count', function (r) { return r.n; }]],
          Object.keys(o.applications.byStatus).sort().map(function (s) { return { id: s, n: o.applications.byStatus[s] }; })));
        stamp.textContent = 'Updated ' + new Date(o.at).toLocaleTimeString() + ' (refreshes every 3 s)';
      } catch (err) { LW.failed(err); }
    }
    load();
    LW.every(3000, load);
  };

  var STATUSES = ['queued', 'submitting', 'submitted', 'received', 'pending', 'approved', 'conditioned', 'countered', 'declined', 'withdrawn', 'ineligible', 'booked', 'funded', 'cancelled', 'submission_failed', 'needs_review'];

  LW.views.applications = function (params) {
    if (params.id) return LW.views.timeline(params.id);
    var results = el('div');
    var state = {};
    var form = LW.filters([
      { name: 'q', label: 'Id, lead id or Appno', placeholder: 'app_..., LEAD-1, 1048576' },
      { name: 'status', label: 'Status', options: STATUSES },
      { name: 'dealerId', label: 'Dealer' },
      { name: 'from', label: 'Created from', type: 'date' },
      { name: 'to', label: 'Created before', type: 'date' },
    ], {}, function (values) { state = values; load(); });
    LW.show(el('h2', { text: 'Applications' }), form, results);
    async function load(cursor) {
      try {
        var p = Object.assign({}, state, { limit: 25, cursor: cursor });
        if (p.from) p.from = new Date(p.from).toISOString();
        if (p.to) p.to = new Date(p.to).toISOString();
        var page = await LW.api('/applications' + LW.query(p));
        results.replaceChildren(
          LW.table([
            ['Application', function (a) { return el('code', { text: a.id }); }],
            ['Dealer', function (a) { return a.dealerId; }],
            ['Lender', function (a) { return a.lenderId; }],
            ['Lead', function (a) { return a.externalRef; }],
            ['Appno', function (a) { return a.lenderAppNo; }],
            ['Status', function (a) { return LW.pill(a.status); }],
            ['Updated', function (a) { return LW.time(a.updatedAt); }],
          ], page.items, function (a) { location.hash = '#/applications/' + encodeURIComponent(a.id); }),
          el('div', { className: 'pager' }, cursor ? el('button', { className: 'secondary', text: 'First page', on: { click: function () { load(); } } }) : null,
            page.nextCursor ? el('button', { className: 'secondary', text: 'Next page', on: { click: function () { load(page.nextCursor); } } }) : null));
      } catch (err) { LW.failed(err); }
    }
    load();
  };

  function describe(e) {
    if (e.kind === 'transition') return [LW.pill(e.from || 'new'), ' -> ', LW.pill(e.to), ' ', e.source + (e.lenderStatus ? ' (' + e.lenderStatus + ')' : '') + (e.reason ? ': ' + e.reason : '')];
    if (e.kind === 'submission') return ['submission attempt ' + e.attempt + ': ', LW.pill(e.state), e.httpStatus ? ' HTTP ' + e.httpStatus : '', e.errorCode ? ' ' + e.errorCode + ' ' + (e.errorMessage || '') : '', e.vendorResponse ? el('pre', { text: JSON.stringify(e.vendorResponse) }) : null];
    if (e.kind === 'callback') return ['callback #' + e.callbackId + ' from ' + e.lenderId + ' (' + e.bodyBytes + ' bytes): ', LW.pill(e.parseStatus || 'pending'), ' ', LW.pill(e.processStatus || 'pending'), e.parseReason ? ' ' + e.parseReason : '', e.processDetail ? ' - ' + e.processDetail : ''];
    var attempts = (e.attempts || []).map(function (a) { return '#' + a.attempt + ' ' + (a.statusCode || a.errorCode || '?') + ' ' + a.durationMs + 'ms'; }).join(', ');
    return [(e.kind === 'crm_sync' ? 'CRM sync ' : 'webhook ') + e.eventType + ' -> ' + e.targetId + ': ', LW.pill(e.status), attempts ? ' attempts: ' + attempts : '', e.lastError ? ' (' + e.lastError + ')' : ''];
  }

  /** An operator settles an application whose submission outcome is unknown or that failed (each choice is audited). */
  function reviewPanel(a) {
    if (!LW.can('act') || (a.status !== 'needs_review' && a.status !== 'submission_failed')) return null;
    function decide(label, action, ask) {
      return el('button', { className: action === 'failed' ? 'danger' : 'secondary', 'data-action': 'review-' + action, text: label, on: { click: async function (ev) {
        var decision = ask();
        if (!decision) return;
        ev.target.disabled = true;
        try {
          var r = await LW.api('/applications/' + encodeURIComponent(a.id) + '/review', { method: 'POST', body: decision });
          LW.toast(r.id + ' is now ' + r.status);
          LW.views.timeline(a.id);
        } catch (err) { LW.failed(err); ev.target.disabled = false; }
      } } });
    }
    return el('div', { className: 'card', id: 'review' },
      el('strong', { text: a.status === 'needs_review' ? 'The lender may or may not have this application. Check its portal, then: ' : 'The submission failed. ' }),
      decide('Lender has it', 'submitted', function () { var appId = prompt("The lender's application id (AppId):"); return appId && appId.trim() ? { resolution: 'submitted', lenderAppId: appId.trim() } : null; }), ' ',
      decide('Resubmit', 'resubmit', function () { return confirm('Send it to the lender again? Only if the lender does not have it: it may charge per submission.') ? { resolution: 'resubmit' } : null; }), ' ',
      decide('Mark failed', 'failed', function () { var reason = prompt('Why did it fail? (the dealer sees this)'); return reason && reason.trim() ? { resolution: 'failed', reason: reason.trim() } : null; }));
  }

  LW.views.timeline = async function (id) {
    try {
      var results = await Promise.all([LW.api('/applications/' + encodeURIComponent(id)), LW.api('/applications/' + encodeURIComponent(id) + '/timeline')]);
      var a = results[0], t = results[1];
      var pii = el('div');
      var revealButton = LW.me.canRevealPii ? el('button', { className: 'secondary', text: 'Reveal SSN / DOB (logged)', on: { click: async function () {
        var reason = prompt('Why do you need the unmasked data? (written to the access log)');
        if (!reason) return;
        try {
          var r = await LW.api('/applications/' + encodeURIComponent(id) + '/reveal-pii', { method: 'POST', body: { reason: reason } });
          pii.replaceChildren(el('pre', { text: JSON.stringify(r.pii, null, 2) }));
        } catch (err) { LW.failed(err); }
      } } }) : null;
      LW.show(
        el('p', {}, el('a', { href: '#/applications', text: '< Applications' })),
        el('h2', {}, 'Application ', el('code', { text: a.id }), ' ', LW.pill(a.status)),
        el('div', { className: 'card kv' }, [
          ['Dealer', a.dealerId], ['Lender', a.lenderId], ['Lead (externalRef)', a.externalRef || '-'], ['Lender AppId / Appno', (a.lenderAppId || '-') + ' / ' + (a.lenderAppNo || '-')],
          ['Lender status', a.lenderStatus || '-'], ['Applicant SSN', (a.application && a.application.applicant && a.application.applicant.ssn) || '-'], ['Decision', a.decision ? JSON.stringify(a.decision) : '-'],
          ['Adverse action due', a.adverseActionDueAt ? LW.time(a.adverseActionDueAt) : '-'],
        ].map(function (kv) { return [el('div', { className: 'muted', text: kv[0] }), el('div', { text: kv[1] })]; })),
        revealButton, pii,
        reviewPanel(a),
        el('h3', { text: 'Timeline' }),
        el('ul', { className: 'timeline', id: 'timeline' }, t.entries.map(function (e) {
          return el('li', { className: e.kind, 'data-kind': e.kind }, el('span', { className: 'muted mono', text: LW.time(e.at) + '  ' }), describe(e));
        })),
      );
    } catch (err) { LW.failed(err); }
  };

  function replayButton(d, after) {
    if (!LW.can('act')) return null;
    return el('button', { className: 'secondary', 'data-action': 'replay', text: 'Replay', on: { click: async function (ev) {
      ev.target.disabled = true;
      try {
        var r = await LW.api('/deliveries/' + encodeURIComponent(d.id) + '/replay', { method: 'POST' });
        LW.toast(r.note || (r.replayed ? 'Replayed' : 'Not replayed'));
        setTimeout(after, 800);
      } catch (err) { LW.failed(err); ev.target.disabled = false; }
    } } });
  }

  function deliveriesView(title, fixed) {
    return function () {
      var results = el('div');
      var bulk = el('div');
      var state = {};
      var fields = [{ name: 'targetId', label: 'Endpoint' }, { name: 'eventType', label: 'Event type' }, { name: 'applicationId', label: 'Application' }];
      if (!fixed) fields.unshift({ name: 'status', label: 'Status', options: ['pending', 'delivering', 'paused', 'succeeded', 'failed', 'dead_lettered'] }, { name: 'targetKind', label: 'Kind', options: ['subscription', 'crm'] });
      var form = LW.filters(fields, {}, function (v) { state = v; load(); });
      if (fixed && LW.can('act')) bulk = bulkReplayForm();
      LW.show(el('h2', { text: title }), form, bulk, results);
      async function load(cursor) {
        try {
          var page = await LW.api((fixed ? '/dead-letters' : '/deliveries') + LW.query(Object.assign({}, state, { limit: 50, cursor: cursor })));
          results.replaceChildren(LW.table([
            ['Delivery', function (d) { return el('code', { text: d.id }); }],
            ['Event', function (d) { return d.eventType; }],
            ['Target', function (d) { return d.targetKind + ':' + d.targetId; }],
            ['Application', function (d) { return d.applicationId ? el('a', { href: '#/applications/' + encodeURIComponent(d.applicationId), text: d.applicationId }) : '-'; }],
            ['Status', function (d) { return LW.pill(d.status); }],
            ['Attempts', function (d) { return String(d.attempts) + (d.replays ? ' (' + d.replays + ' replays)' : ''); }],
            ['Last error', function (d) { return d.lastErrorCode ? d.lastErrorCode + ' ' + (d.lastError || '') : '-'; }],
            ['Updated', function (d) { return LW.time(d.updatedAt); }],
            ['', function (d) { return replayButton(d, function () { load(cursor); }); }],
          ], page.items), el('div', { className: 'pager' }, page.nextCursor ? el('button', { className: 'secondary', text: 'Next page', on: { click: function () { load(page.nextCursor); } } }) : null));
        } catch (err) { LW.failed(err); }
      }
      load();
      LW.every(5000, function () { if (!document.hidden) load(); });
    };
  }

  function bulkReplayForm() {
    var target = el('input', { name: 'bulk-target', placeholder: 'endpoint id' });
    var since = el('input', { name: 'bulk-since', type: 'datetime-local' });
    return el('form', { className: 'filters card', on: { submit: async function (e) {
      e.preventDefault();
      if (!target.value || !since.value) { LW.toast('Endpoint and time are required'); return; }
      var body = { targetId: target.value, since: new Date(since.value).toISOString() };
      try {
        var dry = await LW.api('/deliveries/replay', { method: 'POST', body: body });
        if (!dry.matching) { LW.toast('Nothing to replay'); return; }
        if (!confirm('Replay ' + dry.willReplay + ' of ' + dry.matching + ' failed deliveries to ' + body.targetId + '?')) return;
        var done = await LW.api('/deliveries/replay', { method: 'POST', body: Object.assign(body, { confirm: true }) });
        LW.toast('Replayed ' + done.replayed + (done.more ? ' (more left: run again)' : ''));
      } catch (err) { LW.failed(err); }
    } } }, el('strong', { text: 'Replay everything that failed for an endpoint since' }), el('label', {}, 'Endpoint', target), el('label', {}, 'Since', since), el('button', { type: 'submit', text: 'Replay...' }));
  }

  LW.views.deliveries = deliveriesView('Deliveries', false);
  LW.views['dead-letters'] = deliveriesView('Dead letters', true);
})();
`;
