// DOM helpers. Text from the API only ever goes into text nodes and attributes, never into HTML markup.

/** Creates an element: attrs are properties or attributes ("on…" adds a listener), children are nodes or text. */
export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.setAttribute('class', value);
    else if (key === 'text') el.textContent = value;
    else if (key in el && !tag.startsWith('svg:') && !key.includes('-')) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function svg(tag, attrs = {}, ...children) { return h('svg:' + tag, attrs, ...children); }

/** A label and its control, joined by id. */
export function field(label, control) {
  control.id ||= 'f-' + Math.random().toString(36).slice(2, 9);
  return h('div', { class: 'field' }, h('label', { htmlFor: control.id, text: label }), control);
}

export function time(value) {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function ago(value, now = Date.now()) {
  if (!value) return 'never';
  const seconds = Math.round((now - new Date(value).getTime()) / 1000);
  if (seconds < 0) return 'in ' + span(-seconds);
  return span(seconds) + ' ago';
}

export function span(seconds) {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 129600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

export function ms(value) {
  if (value === null || value === undefined) return '—';
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

export function badge(text, kind = text) { return h('span', { class: `badge ${kind}`, text }); }

export function json(value) {
  return h('pre', { text: value === null || value === undefined ? 'null' : JSON.stringify(value, null, 2) });
}

export function errorBox(error) {
  return h('p', { class: 'error-box', role: 'alert', text: error?.message ?? String(error) });
}

let toastTimer;
export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 4000);
}

/**
 * Asks before an action. `fields` are extra labelled inputs ({name, label, value, multiline}); resolves to their
 * values (an object) when confirmed, or null when cancelled.
 */
export function confirmAction({ title, message, confirm = 'Confirm', danger = true, fields = [] }) {
  const dialog = document.getElementById('confirm');
  dialog.querySelector('#confirm-title').textContent = title;
  dialog.querySelector('#confirm-message').textContent = message;
  const ok = dialog.querySelector('#confirm-ok');
  ok.textContent = confirm;
  ok.className = danger ? 'danger' : '';
  const holder = dialog.querySelector('#confirm-fields');
  holder.replaceChildren();
  const inputs = fields.map(f => {
    const input = f.multiline ? h('textarea', { rows: 4, name: f.name, value: f.value ?? '' }) : h('input', { type: 'text', name: f.name, value: f.value ?? '' });
    input.id = 'confirm-' + f.name;
    holder.append(h('label', { htmlFor: input.id, text: f.label }), input);
    return input;
  });
  dialog.returnValue = '';
  dialog.showModal();
  (inputs[0] ?? ok).focus();
  return new Promise(resolve => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok' ? Object.fromEntries(inputs.map(i => [i.name, i.value])) : null);
    }, { once: true });
  });
}

/** A scrollable table with a caption for screen readers; rows are arrays of cells (nodes or text). */
export function table(caption, headers, rows, { numeric = [] } = {}) {
  return h('div', { class: 'table-wrap', tabIndex: 0, role: 'region', 'aria-label': caption },
    h('table', {},
      h('caption', { class: 'visually-hidden', text: caption }),
      h('thead', {}, h('tr', {}, headers.map((title, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null, text: title })))),
      h('tbody', {}, rows.map(row => h('tr', {}, row.map((cell, i) => h('td', { class: numeric.includes(i) ? 'num' : null }, cell)))))));
}

/** A legend entry whose swatch takes the colour of the chart's marks. */
export function legend(color, text) {
  const item = h('span', { text });
  item.style.setProperty('--c', color);
  return item;
}
