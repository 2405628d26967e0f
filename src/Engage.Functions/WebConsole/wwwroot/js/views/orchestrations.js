import { durable, call } from '../api.js';
import { h, svg, field, time, ms, badge, json, errorBox, table, toast, confirmAction, legend } from '../ui.js';

const statuses = ['Running', 'Pending', 'Completed', 'Failed', 'Terminated', 'Suspended'];
const finished = ['Completed', 'Failed', 'Terminated'];

/**
 * #/orchestrations?status=…&name=…&prefix=…&from=…&to=…&top=… lists the task hub's instances through Durable
 * Functions' HTTP API; #/orchestrations/{id} shows one with its history as a timeline, and the actions on it.
 */
export function render(main, ctx) {
  return ctx.rest.length ? detail(main, ctx.rest.join('/'), ctx.signal) : list(main, ctx);
}

function list(main, { params, signal }) {
  const chosen = new Set((params.get('status') ?? '').split(',').filter(Boolean));
  const boxes = statuses.map(s => h('label', {}, h('input', { type: 'checkbox', name: 'status', value: s, checked: chosen.has(s) }), s));
  const name = h('input', { type: 'text', id: 'filter-name', name: 'name', value: params.get('name') ?? '', autocomplete: 'off' });
  const prefix = h('input', { type: 'text', id: 'filter-prefix', name: 'prefix', value: params.get('prefix') ?? '', autocomplete: 'off' });
  const from = h('input', { type: 'datetime-local', id: 'filter-from', name: 'from', value: params.get('from') ?? '' });
  const to = h('input', { type: 'datetime-local', id: 'filter-to', name: 'to', value: params.get('to') ?? '' });
  const top = h('select', { id: 'filter-top', name: 'top' }, [20, 50, 100].map(n => h('option', { value: n, text: String(n), selected: String(n) === (params.get('top') ?? '20') })));
  const results = h('div', { id: 'instances' });
  const pager = h('div', { class: 'actions left' });

  const apply = (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    const picked = boxes.map(b => b.firstChild).filter(b => b.checked).map(b => b.value);
    if (picked.length) q.set('status', picked.join(','));
    for (const [key, input] of [['name', name], ['prefix', prefix], ['from', from], ['to', to]]) if (input.value.trim()) q.set(key, input.value.trim());
    if (top.value !== '20') q.set('top', top.value);
    const hash = `#/orchestrations${q.size ? '?' + q : ''}`;
    if (location.hash === hash) load(null); else location.hash = hash;
  };

  main.append(
    h('h1', { text: 'Orchestrations' }),
    h('form', { class: 'bar', onsubmit: apply, 'aria-label': 'Filters' },
      h('fieldset', {}, h('legend', { text: 'Status' }), boxes),
      field('Name contains', name), field('Instance id prefix', prefix),
      field('Created from', from), field('Created to', to), field('Page size', top),
      h('button', { type: 'submit', text: 'Apply' })),
    results, pager);

  // Tokens of the pages before the current one, for Previous; a token lasts as long as the host process.
  const tokens = [];
  let current = null;
  const load = async (token) => {
    results.replaceChildren(h('p', { class: 'muted', text: 'Loading…' }));
    const q = new URLSearchParams({ top: top.value, showInput: 'false' });
    if (chosen.size) q.set('runtimeStatus', [...chosen].join(','));
    if (params.get('prefix')) q.set('instanceIdPrefix', params.get('prefix'));
    if (params.get('from')) q.set('createdTimeFrom', new Date(params.get('from')).toISOString());
    if (params.get('to')) q.set('createdTimeTo', new Date(params.get('to')).toISOString());
    try {
      const { body, headers } = await call(durable(`instances?${q}`), { admin: true, signal, headers: token ? { 'x-ms-continuation-token': token } : {} });
      current = token;
      // The API has no name filter; it applies to the page read, and the page says so.
      const needle = (params.get('name') ?? '').toLowerCase();
      const rows = body.filter(i => !needle || (i.name ?? '').toLowerCase().includes(needle));
      results.replaceChildren(
        h('p', { class: 'muted', 'aria-live': 'polite', id: 'instance-count', text: `${rows.length} instance${rows.length === 1 ? '' : 's'} on this page${needle && rows.length !== body.length ? ` (${body.length} before the name filter)` : ''}.` }),
        table('Instances', ['Name', 'Instance id', 'Status', 'Created', 'Last updated'],
          rows.map(i => [i.name, h('a', { class: 'mono', href: `#/orchestrations/${encodeURIComponent(i.instanceId)}`, text: i.instanceId }), badge(i.runtimeStatus), time(i.createdTime), time(i.lastUpdatedTime)])));
      const next = headers.get('x-ms-continuation-token');
      pager.replaceChildren(
        h('button', { type: 'button', class: 'quiet', text: 'Previous page', disabled: tokens.length === 0, onclick: () => load(tokens.pop() ?? null) }),
        h('button', { type: 'button', class: 'quiet', text: 'Next page', disabled: !next, onclick: () => { tokens.push(current); load(next); } }));
    } catch (e) {
      if (!signal.aborted) results.replaceChildren(errorBox(e));
    }
  };
  load(null);
}

function detail(main, id, signal) {
  const body = h('div', {}, h('p', { class: 'muted', text: 'Loading…' }));
  main.append(
    h('p', {}, h('a', { href: '#/orchestrations', text: '← All instances' })),
    h('h1', { class: 'mono', text: id }),
    body);
  let timer;
  const refresh = async () => {
    clearTimeout(timer);
    try {
      const { body: instance } = await call(durable(`instances/${encodeURIComponent(id)}?showHistory=true&showHistoryOutput=true&showInput=true`), { admin: true, signal, accept: [200, 202] });
      body.replaceChildren(...instanceView(instance, refresh));
      // An instance still in progress is followed until it ends.
      if (!finished.includes(instance.runtimeStatus) && !signal.aborted) timer = setTimeout(refresh, 2000);
    } catch (e) {
      if (!signal.aborted) body.replaceChildren(errorBox(e));
    }
  };
  refresh();
  return () => clearTimeout(timer);
}

function instanceView(instance, refresh) {
  const status = instance.runtimeStatus;
  const id = instance.instanceId;
  const act = (label, { when, title, message, fields = [], danger = true, run }) => when
    ? h('button', {
      type: 'button', class: danger ? 'danger' : '', text: label,
      onclick: async () => {
        const values = await confirmAction({ title, message, confirm: label, danger, fields });
        if (!values) return;
        try {
          await run(values);
          toast(`${label}: sent.`);
          setTimeout(refresh, 500);
        } catch (e) {
          toast(e.message);
        }
      },
    })
    : null;
  const base = `instances/${encodeURIComponent(id)}`;
  const reason = { name: 'reason', label: 'Reason', value: 'From the Engage console' };
  const actions = [
    act('Terminate', { when: ['Running', 'Pending', 'Suspended'].includes(status), title: 'Terminate this instance?', message: `Instance ${id} stops at once; its activities in flight finish but their results are dropped. The reason becomes its output.`, fields: [reason], run: v => call(durable(`${base}/terminate?reason=${encodeURIComponent(v.reason)}`), { method: 'POST', admin: true, accept: [202] }) }),
    act('Suspend', { when: ['Running', 'Pending'].includes(status), danger: false, title: 'Suspend this instance?', message: 'It stops processing events until resumed.', fields: [reason], run: v => call(durable(`${base}/suspend?reason=${encodeURIComponent(v.reason)}`), { method: 'POST', admin: true, accept: [202] }) }),
    act('Resume', { when: status === 'Suspended', danger: false, title: 'Resume this instance?', message: 'It goes on from where it was suspended.', fields: [reason], run: v => call(durable(`${base}/resume?reason=${encodeURIComponent(v.reason)}`), { method: 'POST', admin: true, accept: [202] }) }),
    act('Raise event', { when: ['Running', 'Pending', 'Suspended'].includes(status), danger: false, title: 'Raise an event', message: 'The instance receives the event with this JSON as its data.', fields: [{ name: 'event', label: 'Event name', value: '' }, { name: 'data', label: 'Data (JSON)', value: 'null', multiline: true }], run: v => call(durable(`${base}/raiseEvent/${encodeURIComponent(v.event)}`), { method: 'POST', admin: true, body: v.data || 'null', accept: [202] }) }),
    act('Rewind', { when: status === 'Failed', title: 'Rewind this instance?', message: 'Its failed activities run again and the instance goes on from there.', fields: [reason], run: v => call(durable(`${base}/rewind?reason=${encodeURIComponent(v.reason)}`), { method: 'POST', admin: true, accept: [202] }) }),
    act('Restart', { when: true, title: 'Restart this instance?', message: 'A new instance starts with the same input; this one is kept.', run: async () => {
      const { body } = await call(durable(`${base}/restart`), { method: 'POST', admin: true, accept: [202] });
      location.hash = `#/orchestrations/${encodeURIComponent(body.id)}`;
    } }),
    act('Purge', { when: finished.includes(status), title: 'Purge this instance?', message: 'Its status and history are deleted for good.', run: async () => {
      await call(durable(base), { method: 'DELETE', admin: true });
      location.hash = '#/orchestrations';
    } }),
  ].filter(Boolean);

  const history = instance.historyEvents ?? [];
  return [
    h('section', { class: 'panel', 'aria-label': 'Instance' },
      h('dl', { class: 'kv' },
        h('dt', { text: 'Name' }), h('dd', { text: instance.name }),
        h('dt', { text: 'Status' }), h('dd', { id: 'instance-status' }, badge(status)),
        h('dt', { text: 'Created' }), h('dd', { text: time(instance.createdTime) }),
        h('dt', { text: 'Last updated' }), h('dd', { text: time(instance.lastUpdatedTime) })),
      h('div', { class: 'actions left', 'aria-label': 'Actions', role: 'group' }, actions)),
    h('h2', { text: 'Timeline' }),
    gantt(instance, history),
    h('div', { class: 'cards' },
      h('section', { class: 'card' }, h('h3', { text: 'Input' }), json(instance.input)),
      h('section', { class: 'card' }, h('h3', { text: 'Output' }), json(instance.output)),
      h('section', { class: 'card' }, h('h3', { text: 'Custom status' }), json(instance.customStatus))),
    h('h2', { text: 'History' }),
    table('History events', ['Time', 'Event', 'Function', 'Details'], history.map(e => [
      time(e.Timestamp), e.EventType === 'TaskFailed' || e.EventType === 'SubOrchestrationInstanceFailed' ? badge(e.EventType, 'bad') : e.EventType,
      e.FunctionName ?? e.Name ?? '',
      e.FailureDetails ? `${e.FailureDetails.ErrorType}: ${e.FailureDetails.ErrorMessage}` : e.Reason ?? e.OrchestrationStatus ?? (e.FireAt ? `fires ${time(e.FireAt)}` : ''),
    ])),
  ];
}

/** Activities, sub-orchestrations and timers as bars from scheduled to done (or now, when still open). */
function gantt(instance, history) {
  const start = new Date(instance.createdTime).getTime();
  const now = Date.now();
  const rows = [];
  for (const e of history) {
    const at = new Date(e.Timestamp).getTime();
    switch (e.EventType) {
      case 'TaskCompleted': case 'SubOrchestrationInstanceCompleted':
        rows.push({ label: e.FunctionName, from: new Date(e.ScheduledTime).getTime(), to: at, kind: 'ok', note: 'completed' }); break;
      case 'TaskFailed': case 'SubOrchestrationInstanceFailed':
        rows.push({ label: e.FunctionName, from: new Date(e.ScheduledTime).getTime(), to: at, kind: 'bad', note: `failed: ${e.FailureDetails?.ErrorMessage ?? e.Reason ?? ''}` }); break;
      case 'TaskScheduled': case 'SubOrchestrationInstanceCreated':
        rows.push({ label: e.Name, from: at, to: finished.includes(instance.runtimeStatus) ? new Date(instance.lastUpdatedTime).getTime() : now, kind: 'run', note: 'not finished' }); break;
      case 'TimerCreated': rows.push({ label: 'timer', from: at, to: new Date(e.FireAt).getTime(), kind: 'timer', note: `until ${time(e.FireAt)}` }); break;
      default: break;
    }
  }
  if (rows.length === 0) return h('p', { class: 'muted', text: 'No activities, sub-orchestrations or timers in the history.' });
  const end = Math.max(now > start && !finished.includes(instance.runtimeStatus) ? now : 0, new Date(instance.lastUpdatedTime).getTime(), ...rows.map(r => r.to));
  const first = Math.min(start, ...rows.map(r => r.from));
  const total = Math.max(1, end - first);
  const shown = rows.slice(0, 200);
  const width = 900, labelW = 220, rowH = 20, top = 24;
  const height = top + (shown.length + 1) * rowH + 8;
  const x = t => labelW + ((t - first) / total) * (width - labelW - 10);
  const bar = (r, i) => {
    const y = top + (i + 1) * rowH;
    return svg('g', { 'data-kind': r.kind },
      svg('text', { x: 4, y: y + 13 }, r.label.length > 30 ? r.label.slice(0, 29) + '…' : r.label),
      svg('rect', { class: `bar-${r.kind}`, x: x(r.from), y: y + 3, height: rowH - 6, width: Math.max(2, x(r.to) - x(r.from)) },
        svg('title', {}, `${r.label}: ${r.note}, ${ms(r.to - r.from)} (from ${time(r.from)})`)));
  };
  return h('div', { class: 'panel' },
    h('div', { class: 'legend' }, legend('#3b8f5a', 'completed'), legend('#c62828', 'failed'), legend('#6c95d8', 'not finished'), legend('#c9a227', 'timer')),
    svg('svg', { class: 'gantt', id: 'gantt', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Timeline of ${rows.length} steps over ${ms(total)}` },
      svg('text', { x: 4, y: 14 }, `0 – ${ms(total)}`),
      svg('g', {}, svg('text', { x: 4, y: top + 13 }, instance.name),
        svg('rect', { class: 'bar-orch', x: x(start), y: top + 3, height: rowH - 6, width: Math.max(2, x(end) - x(start)) }, svg('title', {}, `${instance.name}: ${instance.runtimeStatus}`))),
      shown.map(bar)),
    rows.length > shown.length ? h('p', { class: 'muted', text: `The first ${shown.length} of ${rows.length} steps are drawn; the history table lists them all.` }) : null);
}
