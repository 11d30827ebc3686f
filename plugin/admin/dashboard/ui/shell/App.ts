import { html } from 'htm/preact';
import { useMemo, useState } from 'preact/hooks';
import { api } from '../core/api.js';
import { messageOf, statusOf } from '../core/ApiError.js';
import type { Me } from '../core/apiTypes.js';
import { SessionContext, type Session } from '../core/session.js';
import { toast } from '../core/toast.js';
import { readToken, storeToken } from '../core/token.js';
import { useOnce } from '../core/useOnce.js';
import { Toast } from '../components/Toast.js';
import { Nav } from './Nav.js';
import { resolveRoute } from './resolveRoute.js';
import { RouteView } from './RouteView.js';
import { SignInForm } from './SignInForm.js';
import { useLocationHash } from './useLocationHash.js';

function refusal(err: unknown): string {
  const status = statusOf(err);
  if (status === 401) return 'That token was not accepted.';
  if (status === 403) return 'This account may not use the dashboard.';
  return messageOf(err);
}

/** The dashboard: signs in with the user's token (from `?token=` or the form), then draws the view of the location hash. */
export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [signIn, setSignIn] = useState({ shown: false, error: '' });
  const hash = useLocationHash();

  function signOut(message = '') {
    storeToken(null);
    setMe(null);
    setSignIn({ shown: true, error: message });
  }
  async function signInWithStoredToken() {
    try {
      const who = await api<Me>('/me');
      setSignIn({ shown: false, error: '' });
      setMe(who);
    } catch (err) {
      signOut(refusal(err));
    }
  }
  useOnce(() => {
    // The demo links to /admin/?token=...: keep it for this tab only and drop it from the address bar.
    const fromLink = new URLSearchParams(location.search).get('token');
    if (fromLink) {
      storeToken(fromLink);
      history.replaceState(null, '', location.pathname + location.hash);
    }
    if (readToken()) void signInWithStoredToken();
    else signOut();
  });

  const session = useMemo<Session | null>(
    () =>
      me && {
        me,
        can: (capability) => me.capabilities.includes(capability),
        failed: (err) => (statusOf(err) === 401 ? signOut('Your token was not accepted.') : toast(messageOf(err))),
        signOut,
      },
    [me],
  );
  const route = session ? resolveRoute(hash, session.can) : undefined;
  return html`
    <header>
      <h1>lendwire</h1>
      <${Nav} session=${session} active=${route?.name} />
      <div id="who">
        ${session
          ? html`<span id="whoami">${`${session.me.userId} (${session.me.roles.join(', ')})`}</span>
              <button class="secondary" onClick=${() => signOut()}>Sign out</button>`
          : null}
      </div>
    </header>
    <main id="main">
      <${SignInForm}
        shown=${signIn.shown}
        error=${signIn.error}
        onToken=${(token: string) => {
          storeToken(token);
          void signInWithStoredToken();
        }}
      />
      <div id="view">
        ${session && route
          ? html`<${SessionContext.Provider} value=${session}>
              <${RouteView} key=${`${route.name}/${route.id ?? ''}`} route=${route} />
            <//>`
          : null}
      </div>
    </main>
    <${Toast} />
  `;
}
