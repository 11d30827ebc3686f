/** Sign-in, navigation and view switching. */
export const START_JS = String.raw`'use strict';
(function () {
  var el = LW.el;

  LW.signOut = function (message) {
    LW.setToken(null);
    LW.me = null;
    document.getElementById('nav').hidden = true;
    document.getElementById('who').replaceChildren();
    document.getElementById('signin').hidden = false;
    document.getElementById('signin-error').textContent = message || '';
    LW.view().replaceChildren();
  };

  function route() {
    LW.timers.forEach(clearInterval);
    LW.timers = [];
    if (!LW.me) return;
    var parts = location.hash.replace(/^#\/?/, '').split('/');
    var name = parts[0] || 'overview';
    if (!LW.views[name] || (name !== 'applications' && name !== 'deliveries' && name !== 'dead-letters' && !LW.can('opsRead'))) name = LW.can('opsRead') ? 'overview' : 'applications';
    document.querySelectorAll('#nav a').forEach(function (a) { a.classList.toggle('active', a.getAttribute('data-view') === name); });
    LW.views[name]({ id: parts[1] ? decodeURIComponent(parts[1]) : undefined });
  }

  async function signIn() {
    try {
      LW.me = await LW.api('/me');
    } catch (err) {
      LW.signOut(err.status === 401 ? 'That token was not accepted.' : err.status === 403 ? 'This account may not use the dashboard.' : err.message);
      return;
    }
    document.getElementById('signin').hidden = true;
    var nav = document.getElementById('nav');
    nav.hidden = false;
    nav.querySelectorAll('a[data-needs]').forEach(function (a) { a.hidden = !LW.can(a.getAttribute('data-needs')); });
    var overview = nav.querySelector('a[data-view=overview]');
    overview.hidden = !LW.can('opsRead');
    document.getElementById('who').replaceChildren(el('span', { id: 'whoami', text: LW.me.userId + ' (' + LW.me.roles.join(', ') + ')' }), el('button', { className: 'secondary', text: 'Sign out', on: { click: function () { LW.signOut(); } } }));
    route();
  }

  document.getElementById('signin').addEventListener('submit', function (e) {
    e.preventDefault();
    LW.setToken(document.getElementById('token').value.trim());
    signIn();
  });
  window.addEventListener('hashchange', route);

  // The demo links to /admin/?token=...: keep it for this tab only and drop it from the address bar.
  var params = new URLSearchParams(location.search);
  if (params.get('token')) {
    LW.setToken(params.get('token'));
    history.replaceState(null, '', location.pathname + location.hash);
  }
  if (LW.token()) signIn(); else LW.signOut();
})();
`;
