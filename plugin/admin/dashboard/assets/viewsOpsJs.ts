/** Subscriptions and CRM targets, callback review queue and audit log. */
export const VIEWS_OPS_JS = String.raw`'use strict';
(function () {
  var el = LW.el;

  function act(label, fn, className) {
    return el('button', { className: className || 'secondary', text: label, 'data-action': label.toLowerCase().replace(/\W+/g, '-'), on: { click: async function (e) {
      e.target.disabled = true;
      try { await fn(); } catch (err) { LW.failed(err); } finally { e.target.disabled = false; }
    } } });
  }

  LW.views.subscriptions = function () {
    var list = el('div');
    var secretBox = el('div');
    async function load() {
      try {
        var data = await LW.api('/subscriptions');
        list.replaceChildren(LW.table([
          ['Id', function (s) { return el('code', { text: s.id }); }],
          ['URL', function (s) { return s.url; }],
          ['Events', function (s) { return s.events.join(', '); }],
          ['Source', function (s) { return s.source; }],
          ['State', function (s) { return s.enabled ? LW.pill('enabled') : [LW.pill('disabled'), ' ', s.disabledReason || '']; }],
          ['', function (s) {
            if (!LW.can('manage')) return null;
            var id = encodeURIComponent(s.id);
            return [
              act('Send test', async function () { var r = await LW.api('/subscriptions/' + id + '/test', { method: 'POST' }); LW.toast('Test event ' + r.eventId + ' queued'); }),
              ' ',
              act('Rotate secret', async function () {
                if (!confirm('Rotate the secret of ' + s.id + '? The old one keeps signing for 24 h.')) return;
                var r = await LW.api('/subscriptions/' + id + '/rotate-secret', { method: 'POST' });
                secretBox.replaceChildren(el('div', { className: 'card' }, 'New secret for ' + s.id + ' (shown once): ', el('code', { text: r.secret })));
              }),
              ' ',
              s.enabled
                ? act('Disable', async function () { var reason = prompt('Why?'); if (reason === null) return; await LW.api('/subscriptions/' + id + '/disable', { method: 'POST', body: { reason: reason } }); load(); }, 'danger')
                : act('Enable', async function () { await LW.api('/subscriptions/' + id + '/enable', { method: 'POST' }); load(); }),
            ];
          }],
        ], data.items));
      } catch (err) { LW.failed(err); }
    }
    var create = null;
    if (LW.can('manage')) {
      var url = el('input', { name: 'url', placeholder: 'https://partner.example.com/hooks' });
      var events = el('input', { name: 'events', placeholder: 'application.*', value: 'application.*' });
      create = el('form', { className: 'filters card', on: { submit: async function (e) {
        e.preventDefault();
        try {
          var r = await LW.api('/subscriptions', { method: 'POST', body: { url: url.value.trim(), events: events.value.split(',').map(function (x) { return x.trim(); }).filter(Boolean) } });
          secretBox.replaceChildren(el('div', { className: 'card' }, 'Created ' + r.subscription.id + '. Its secret (shown once): ', el('code', { text: r.secret })));
          load();
        } catch (err) { LW.failed(err); }
      } } }, el('strong', { text: 'New subscription' }), el('label', {}, 'URL', url), el('label', {}, 'Events', events), el('button', { type: 'submit', text: 'Create' }));
    }
    var crm = crmTargets();
    LW.show(el('h2', { text: 'Subscriptions' }), create, secretBox, list, crm.section);
    load();
    crm.load();
  };

  /** CRM targets of the manifest: a paused one says why and how many deliveries wait; operators resume it. */
  function crmTargets() {
    var list = el('div');
    async function load() {
      try {
        var data = await LW.api('/crm-targets');
        list.replaceChildren(LW.table([
          ['Id', function (t) { return el('code', { text: t.id }); }],
          ['Adapter', function (t) { return t.adapter; }],
          ['Events', function (t) { return t.events.join(', '); }],
          ['State', function (t) {
            if (t.paused) return [LW.pill('paused'), ' ', t.paused.reason, el('div', { className: 'muted', text: 'since ' + LW.time(t.paused.since) })];
            return t.enabledInManifest ? LW.pill('running') : [LW.pill('disabled'), ' in the manifest'];
          }],
          ['Waiting', function (t) { return String(t.pausedDeliveries); }],
          ['', function (t) {
            if (!LW.can('act') || (!t.paused && !t.pausedDeliveries)) return null;
            return act('Resume', async function () {
              if (!confirm('Resume ' + t.id + '? Its ' + t.pausedDeliveries + ' paused deliveries go out with the credentials it has now.')) return;
              var r = await LW.api('/crm-targets/' + encodeURIComponent(t.id) + '/resume', { method: 'POST' });
              LW.toast(r.id + ' resumed: ' + t.pausedDeliveries + ' paused deliveries queued');
              load();
            });
          }],
        ], data.items));
      } catch (err) { LW.failed(err); }
    }
    return { section: el('section', { id: 'crm-targets' }, el('h2', { text: 'CRM targets' }), list), load: load };
  }

  LW.views.review = function () {
    var list = el('div');
    var detail = el('div');
    async function load() {
      try {
        var page = await LW.api('/callbacks?parseStatus=unparseable,partial&limit=100');
        list.replaceChildren(LW.table([
          ['Callback', function (c) { return el('code', { text: '#' + c.id }); }],
          ['Lender', function (c) { return c.lenderId; }],
          ['Received', function (c) { return LW.time(c.receivedAt); }],
          ['Parse', function (c) { return [LW.pill(c.parseStatus), ' ', c.parseReason || '']; }],
          ['Processing', function (c) { return [LW.pill(c.processStatus), ' ', c.processDetail || '']; }],
          ['Application', function (c) { return c.applicationId ? el('a', { href: '#/applications/' + encodeURIComponent(c.applicationId), text: c.applicationId }) : '-'; }],
          ['Body', function (c) { return el('code', { text: (c.bodyPreview || '').slice(0, 80) }); }],
          ['', function (c) {
            return LW.can('act') ? act('Re-process', async function () {
              var r = await LW.api('/callbacks/' + encodeURIComponent(c.id) + '/reprocess', { method: 'POST' });
              LW.toast('#' + r.id + ': ' + (r.parseStatus || '-') + ' / ' + r.processStatus);
              load();
            }) : null;
          }],
        ], page.items, function (c) { detail.replaceChildren(el('div', { className: 'card' }, el('h3', { text: 'Callback #' + c.id }), el('pre', { text: c.bodyPreview }))); }));
      } catch (err) { LW.failed(err); }
    }
    LW.show(el('h2', { text: 'Callback review queue' }), el('p', { className: 'muted', text: 'Callbacks lendwire stored but could not (fully) parse. Re-process them after a parser fix.' }), list, detail);
    load();
  };

  LW.views.audit = function () {
    var results = el('div');
    var state = {};
    var form = LW.filters([{ name: 'actor', label: 'Who' }, { name: 'action', label: 'Action', placeholder: 'delivery.replay, pii.reveal' }, { name: 'targetId', label: 'Target' }], {}, function (v) { state = v; load(); });
    async function load(cursor) {
      try {
        var page = await LW.api('/audit' + LW.query(Object.assign({}, state, { limit: 50, cursor: cursor })));
        results.replaceChildren(LW.table([
          ['When', function (a) { return LW.time(a.at); }],
          ['Who', function (a) { return a.actor; }],
          ['Action', function (a) { return el('code', { text: a.action }); }],
          ['Target', function (a) { return (a.targetType || '') + ' ' + (a.targetId || ''); }],
          ['Details', function (a) { return a.details ? el('code', { text: JSON.stringify(a.details) }) : '-'; }],
        ], page.items), el('div', { className: 'pager' }, page.nextCursor ? el('button', { className: 'secondary', text: 'Next page', on: { click: function () { load(page.nextCursor); } } }) : null));
      } catch (err) { LW.failed(err); }
    }
    LW.show(el('h2', { text: 'Audit log' }), form, results);
    load();
  };
})();
`;
