import { keys } from './api.js';
import * as engagement from './views/engagement.js';
import * as conversations from './views/conversations.js';
import * as discovery from './views/discovery.js';
import * as orchestrations from './views/orchestrations.js';
import * as workflows from './views/workflows.js';

// Hash routes (#/view/rest?query), so the app serves one page and a reload or a shared link keeps the view.
const views = { engagement, conversations, discovery, orchestrations, workflows };
const main = document.getElementById('main');
let cleanup = () => {};

function route() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : 'engagement';
  const [path, query = ''] = hash.split('?');
  const [name, ...rest] = path.split('/');
  const view = views[name] ?? engagement;
  const viewName = views[name] ? name : 'engagement';
  for (const link of document.querySelectorAll('.top nav a')) {
    if (link.getAttribute('href') === `#/${viewName}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  cleanup();
  main.replaceChildren();
  const controller = new AbortController();
  const params = new URLSearchParams(query);
  const stop = view.render(main, { params, rest: rest.map(decodeURIComponent), signal: controller.signal });
  cleanup = () => { controller.abort(); stop?.(); };
  document.title = `${main.querySelector('h1')?.textContent ?? 'Engage'} · Engage console`;
}

window.addEventListener('hashchange', () => { route(); main.focus(); });
document.getElementById('skip').addEventListener('click', () => main.focus());

const keysDialog = document.getElementById('keys');
document.getElementById('keys-open').addEventListener('click', () => {
  keysDialog.querySelector('#key-function').value = keys.function;
  keysDialog.querySelector('#key-admin').value = keys.admin;
  keysDialog.showModal();
});
keysDialog.addEventListener('close', () => {
  if (keysDialog.returnValue === 'save') {
    keys.set(keysDialog.querySelector('#key-function').value.trim(), keysDialog.querySelector('#key-admin').value.trim());
    route();
  }
});

route();
