/** Shared helpers of the dashboard (plain browser JavaScript, no build step, no CDN). */
export const CORE_JS = String.raw`'use strict';
var LW = (window.LW = { views: {}, timers: [], me: null });

LW.token = function () { return sessionStorage.getItem('lendwire.token'); };
LW.setToken = function (t) { if (t) sessionStorage.setItem('lendwire.token', t); else sessionStorage.removeItem('lendwire.token'); };
LW.can = function (capability) { return !!(LW.me && LW.me.capabilities.indexOf(capability) >= 0); };

/** Calls the admin API (relative to /admin/) with the user's token; throws the problem+json detail on errors. */
LW.api = async function (path, options) {
  options = options || {};
  var headers = { authorization: 'Bearer ' + LW.token() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  var res = await fetch('api' + path, { method: options.method || 'GET', headers: headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  var text = await res.text();
  var data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!res.ok) {
    var err = new Error((data && (data.detail || data.title)) || ('HTTP ' + res.status));
    err.status = res.status;
    err.problem = data;
    throw err;
  }
  return data;
};

/** Builds DOM without innerHTML, so nothing from the API is ever interpreted as markup. */
LW.el = function (tag, attrs) {
  var node = document.createElement(tag);
  attrs = attrs || {};
  Object.keys(attrs).forEach(function (k) {
    var v = attrs[k];
    if (v === undefined || v === null || v === false) return;
    if (k === 'on') Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
    else if (k === 'text') node.textContent = String(v);
    else if (k === 'className') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  });
  for (var i = 2; i < arguments.length; i++) LW.append(node, arguments[i]);
  return node;
};
LW.append = function (node, child) {
  if (child === undefined || child === null || child === false) return;
  if (Array.isArray(child)) { child.forEach(function (c) { LW.append(node, c); }); return; }
  node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
};
LW.pill = function (text) { return LW.el('span', { className: 'pill ' + String(text || ''), text: text || '-' }); };
LW.time = function (iso) { return iso ? new Date(iso).toLocaleString() : '-'; };
LW.toast = function (message) {
  var t = document.getElementById('toast');
  t.textContent = message;
  t.className = 'show';
  clearTimeout(LW.toastTimer);
  LW.toastTimer = setTimeout(function () { t.className = ''; }, 4000);
};
LW.every = function (ms, fn) { LW.timers.push(setInterval(fn, ms)); };
LW.view = function () { return document.getElementById('view'); };
LW.show = function () {
  var v = LW.view();
  v.replaceChildren();
  for (var i = 0; i < arguments.length; i++) LW.append(v, arguments[i]);
};
LW.failed = function (err) {
  if (err && err.status === 401) { LW.signOut('Your token was not accepted.'); return; }
  LW.toast((err && err.message) || String(err));
};

/** A table: columns are [title, row => cell]; rows may be clickable. */
LW.table = function (columns, rows, onClick) {
  var head = LW.el('tr', {}, columns.map(function (c) { return LW.el('th', { text: c[0] }); }));
  var body = rows.map(function (row) {
    return LW.el('tr', { className: onClick ? 'clickable' : '', 'data-id': row.id, on: onClick ? { click: function (e) { if (e.target.tagName !== 'BUTTON') onClick(row); } } : {} },
      columns.map(function (c) { var v = c[1](row); return LW.el('td', {}, v === undefined || v === null ? '-' : v); }));
  });
  if (!rows.length) body = [LW.el('tr', {}, LW.el('td', { colspan: columns.length, className: 'muted', text: 'Nothing here.' }))];
  return LW.el('table', {}, LW.el('thead', {}, head), LW.el('tbody', {}, body));
};

/** A filter form; onSubmit gets the non-empty values. */
LW.filters = function (fields, values, onSubmit) {
  var inputs = {};
  var form = LW.el('form', { className: 'filters', on: { submit: function (e) {
    e.preventDefault();
    var out = {};
    Object.keys(inputs).forEach(function (k) { if (inputs[k].value.trim()) out[k] = inputs[k].value.trim(); });
    onSubmit(out);
  } } });
  fields.forEach(function (f) {
    var input = f.options
      ? LW.el('select', { name: f.name }, [LW.el('option', { value: '', text: 'any' })].concat(f.options.map(function (o) { return LW.el('option', { value: o, text: o }); })))
      : LW.el('input', { name: f.name, placeholder: f.placeholder || '', type: f.type || 'text' });
    input.value = values[f.name] || '';
    inputs[f.name] = input;
    form.appendChild(LW.el('label', {}, f.label, input));
  });
  form.appendChild(LW.el('button', { type: 'submit', text: 'Search' }));
  return form;
};
LW.query = function (params) {
  var q = Object.keys(params).filter(function (k) { return params[k] !== undefined && params[k] !== ''; })
    .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]); }).join('&');
  return q ? '?' + q : '';
};
`;
