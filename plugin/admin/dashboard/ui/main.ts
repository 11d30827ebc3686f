import { html } from 'htm/preact';
import { render } from 'preact';
import { App } from './shell/App.js';

render(html`<${App} />`, document.getElementById('app')!);
