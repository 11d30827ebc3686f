import { html } from 'htm/preact';

/** Asks for the bearer token; `error` says why the last one was refused. */
export function SignInForm({ shown, error, onToken }: { shown: boolean; error: string; onToken: (token: string) => void }) {
  function submit(e: SubmitEvent) {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
    onToken(input.value.trim());
  }
  return html`<form id="signin" class="card" hidden=${!shown} onSubmit=${submit}>
    <h2>Sign in</h2>
    <p>Paste the bearer token your DMS gave you (the demo prints some).</p>
    <input id="token" name="token" type="password" autocomplete="off" placeholder="token" aria-label="token" />
    <button type="submit">Sign in</button>
    <p id="signin-error" class="error">${error}</p>
  </form>`;
}
