import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { watchToast, type ToastState } from '../core/toast.js';

/** The corner message of `toast()`; the text stays in the DOM after it hides. */
export function Toast() {
  const [state, setState] = useState<ToastState>({ message: '', shown: false });
  useEffect(() => watchToast(setState), []);
  return html`<div id="toast" role="status" aria-live="polite" class=${state.shown ? 'show' : ''}>${state.message}</div>`;
}
