import { api, call, stream, ApiError } from '../api.js';
import { h, field, time, badge, json, errorBox, table, toast } from '../ui.js';

const pageSize = 25;
const messagePage = 50;
const viewAsKey = 'engage.viewAs';
const urgentStages = ['Overdue', 'Emergency', 'Critical'];

/**
 * #/workflows: the user's queue; #/workflows/{executionId}?step=… one execution: its customer's context, steps,
 * tasks and artifacts, and the chat of a step (the active one unless `step` names another).
 */
export function render(main, ctx) {
  return ctx.rest.length ? execution(main, ctx.rest[0], ctx) : queue(main, ctx);
}

// Under the local host the development header x-engage-user names the caller (docs/workflow-callers.md); the app
// ignores it outside Development, where the signed-in user calls. Kept for the tab only, as the keys are.
const viewAs = () => sessionStorage.getItem(viewAsKey) ?? '';
const caller = () => (viewAs() ? { 'x-engage-user': viewAs() } : {});
const get = (path, signal) => call(api(path), { headers: caller(), signal });
const post = (path, body, key, options = {}) =>
  call(api(path), { method: 'POST', body, headers: { ...caller(), 'Idempotency-Key': key }, ...options });

function queue(main, { signal }) {
  const who = h('input', { type: 'text', id: 'view-as', name: 'viewAs', value: viewAs(), placeholder: 'the development admin', autocomplete: 'off' });
  const results = h('div', { id: 'queue', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'quiet', text: 'Load more', hidden: true });
  const state = { items: [], continuation: null };

  const load = async () => {
    more.disabled = true;
    try {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (state.continuation) query.set('continuation', state.continuation);
      const { body } = await get(`workflows/queue?${query}`, signal);
      state.items.push(...body.items);
      state.continuation = body.continuation;
      results.replaceChildren(state.items.length ? queueTable(state.items) : emptyQueue(reload, signal));
    } catch (e) {
      if (!signal.aborted) results.replaceChildren(errorBox(e));
    } finally {
      more.hidden = !state.continuation;
      more.disabled = false;
    }
  };
  const reload = () => {
    state.items = [];
    state.continuation = null;
    results.replaceChildren(h('p', { class: 'muted', text: 'Loading…' }));
    load();
  };

  main.append(
    h('h1', { text: 'Workflows' }),
    h('form', {
      class: 'bar', 'aria-label': 'Whose queue',
      onsubmit: (event) => { event.preventDefault(); sessionStorage.setItem(viewAsKey, who.value.trim()); reload(); },
    }, field('View as (local host only)', who), h('button', { type: 'submit', text: 'Show queue' })),
    h('p', { class: 'muted', text: 'The most urgent first. Under the local host "view as" names the user (blank: the development admin, who sees everyone\'s queue); on Azure you see your own and it is ignored.' }),
    results, h('div', { class: 'actions left' }, more));
  more.addEventListener('click', load);
  reload();
}

function queueTable(items) {
  return table('Queue', ['Priority', 'Customer', 'Workflow', 'Step', 'Renewal', 'Owner'],
    items.map(item => [
      item.priorityScore?.toFixed(1) ?? '—',
      h('a', { href: `#/workflows/${encodeURIComponent(item.id)}`, text: item.customerName, 'aria-label': `Open ${item.customerName}: ${item.workflowName}` }),
      item.workflowName,
      [item.currentStep ?? '—', item.escalated ? [' ', badge('escalated', 'bad')] : null],
      renewal(item.renewalStage, item.daysUntilRenewal),
      item.owner ?? '—',
    ]), { numeric: [0] });
}

function emptyQueue(reload, signal) {
  const run = async (event) => {
    event.target.disabled = true;
    try {
      const { body } = await call(api('workflows/planner/run'), { method: 'POST', admin: true, headers: { 'Idempotency-Key': crypto.randomUUID() }, signal });
      toast(`The planner started ${body.started} workflows for ${body.customers} customers.`);
      reload();
    } catch (e) {
      if (!signal.aborted) event.target.replaceWith(errorBox(e));
    }
  };
  return h('div', { class: 'panel' },
    h('p', { text: 'Nothing in this queue. The planner starts the workflows that customers\' renewal stages and account plans call for, daily; an admin can run it now.' }),
    h('button', { type: 'button', text: 'Run the planner', onclick: run }));
}

function renewal(stage, days) {
  if (!stage) return '—';
  const when = days === null || days === undefined ? '' : days >= 0 ? ` in ${days} d` : ` ${-days} d ago`;
  return [badge(stage, urgentStages.includes(stage) ? 'bad' : 'warn'), when];
}

function execution(main, id, { params, signal }) {
  const heading = h('h1', { text: 'Workflow' });
  // The customer's name comes with the context, the workflow's with the execution, in either order.
  const names = {};
  const name = (part, value) => {
    names[part] = value;
    heading.textContent = [names.customer, names.workflow].filter(Boolean).join(': ');
    document.title = `${heading.textContent} · Engage console`;
  };
  const meta = h('p', { class: 'muted', id: 'execution-meta' });
  const context = h('section', { class: 'panel', 'aria-labelledby': 'context-title' }, h('h2', { id: 'context-title', text: 'Customer' }));
  const steps = h('section', { class: 'panel', 'aria-labelledby': 'steps-title' }, h('h2', { id: 'steps-title', text: 'Steps' }));
  const tasks = h('section', { class: 'panel', 'aria-labelledby': 'tasks-title' }, h('h2', { id: 'tasks-title', text: 'Tasks' }));
  const artifacts = h('section', { class: 'panel', 'aria-labelledby': 'artifacts-title' }, h('h2', { id: 'artifacts-title', text: 'Artifacts' }));
  const chat = h('section', { class: 'panel chat', id: 'chat', 'aria-labelledby': 'chat-title' }, h('h2', { id: 'chat-title', text: 'Chat' }));
  main.append(
    h('p', {}, h('a', { href: '#/workflows', text: '← Queue' })),
    heading, meta,
    h('div', { class: 'split workflow' }, h('div', {}, context, steps, artifacts, tasks), chat));

  const records = {
    tasks: () => showTasks(id, tasks, signal),
    artifacts: () => showArtifacts(id, artifacts, signal),
  };
  (async () => {
    let ex;
    try {
      ({ body: ex } = await get(`workflows/executions/${encodeURIComponent(id)}`, signal));
    } catch (e) {
      if (!signal.aborted) main.append(errorBox(e));
      return;
    }
    name('workflow', ex.workflowName);
    meta.replaceChildren(h('span', {}, badge(ex.status, ex.status === 'active' ? 'run' : ex.status === 'completed' ? 'ok' : 'warn'),
      ` · priority ${ex.priorityScore?.toFixed(1) ?? '—'} · owner ${ex.owner ?? '—'} · started ${time(ex.startedAt)}`,
      ex.escalatedAt ? [' · ', badge('escalated', 'bad'), ` ${ex.escalationReason ?? ''}`] : null));
    const stepId = params.get('step') ?? (ex.status === 'active' || ex.status === 'snoozed' ? ex.currentStep : null);
    showSteps(ex, stepId, steps);
    const step = ex.steps.find(s => s.id === stepId);
    if (!step) chat.append(h('p', { class: 'muted', text: 'This execution has ended; pick a step to read its chat.' }));
    else if (params.has('step')) openChat(ex, step, chat, records, signal);
    else {
      chat.append(
        h('p', { text: `The active step: ${step.name}. ${step.goal ?? ''}` }),
        h('a', { class: 'button', href: `#/workflows/${encodeURIComponent(ex.id)}?step=${encodeURIComponent(step.id)}`, text: 'Open the step\'s chat' }));
    }
  })();
  showContext(id, name, context, signal);
  records.tasks();
  records.artifacts();
}

async function showContext(id, name, section, signal) {
  try {
    const { body } = await get(`workflows/context?workflowExecutionId=${encodeURIComponent(id)}`, signal);
    const c = body.customer;
    name('customer', c.name);
    const rows = [
      ['Domain', c.domain], ['ARR', c.arr?.toLocaleString()], ['Renewal', [c.renewalDate ?? '—', ' ', renewal(body.workflow?.renewalStage, body.workflow?.daysUntilRenewal)]],
      ['Account plan', body.workflow?.accountPlan], ['Health', c.healthScore],
      ['Risk / opportunity', `${body.intelligence?.riskScore ?? '—'} / ${body.intelligence?.opportunityScore ?? '—'}`],
      ['Last contact', body.data?.engagement?.lastContact ? time(body.data.engagement.lastContact) : null],
      ['CSM', body.accountTeam?.csm],
    ];
    section.append(h('dl', { class: 'kv' }, rows.map(([k, v]) => [h('dt', { text: k }), h('dd', {}, v ?? '—')])));
  } catch (e) {
    if (!signal.aborted) section.append(errorBox(e));
  }
}

function showSteps(ex, openStep, section) {
  section.append(h('ol', { class: 'steps' }, ex.steps.map(step => h('li', { 'aria-current': step.id === openStep ? 'step' : null },
    h('a', { href: `#/workflows/${encodeURIComponent(ex.id)}?step=${encodeURIComponent(step.id)}`, text: step.name, 'aria-label': `${step.name}: open its chat` }),
    ' ', badge(step.status, { active: 'run', completed: 'ok', skipped: 'warn' }[step.status] ?? step.status),
    step.dueAt && step.status === 'active' ? h('span', { class: 'muted', text: ` due ${time(step.dueAt)}` }) : null))));
}

async function showTasks(id, section, signal) {
  try {
    const { body } = await get(`workflows/tasks?workflowExecutionId=${encodeURIComponent(id)}&limit=200`, signal);
    section.replaceChildren(section.firstChild, body.items.length
      ? table('Tasks', ['Task', 'Status', 'Priority', 'Assignee', 'Due'], body.items.map(t => [
        h('span', { id: `task-${t.id}`, tabIndex: -1, text: t.title }), badge(t.status, t.status === 'completed' ? 'ok' : 'run'), t.priority, t.assignee, time(t.dueAt)]))
      : h('p', { class: 'muted', text: 'No tasks.' }));
  } catch (e) {
    if (!signal.aborted) section.replaceChildren(section.firstChild, errorBox(e));
  }
}

async function showArtifacts(id, section, signal) {
  try {
    const { body } = await get(`workflows/artifacts?workflowExecutionId=${encodeURIComponent(id)}&limit=200`, signal);
    section.replaceChildren(section.firstChild, body.items.length
      ? h('ul', { class: 'artifacts', id: 'artifacts' }, body.items.map(a => h('li', { id: `artifact-${a.id}`, 'data-type': a.type },
        h('details', {},
          h('summary', {}, badge(a.type, 'run'), ' ', h('strong', { text: a.title }), ' ', h('span', { class: 'muted', text: `${time(a.createdAt)}${a.isApproved ? ' · approved' : ''}${a.sentAt ? ' · sent' : ''}` })),
          artifactContent(a)))))
      : h('p', { class: 'muted', text: 'No artifacts.' }));
  } catch (e) {
    if (!signal.aborted) section.replaceChildren(section.firstChild, errorBox(e));
  }
}

function artifactContent(artifact) {
  const c = artifact.content;
  if (artifact.type !== 'email_draft' || typeof c?.body !== 'string') return json(c);
  return h('div', { class: 'email' },
    h('p', {}, h('span', { class: 'muted', text: 'Subject: ' }), c.subject ?? ''),
    Array.isArray(c.to) && c.to.length ? h('p', {}, h('span', { class: 'muted', text: 'To: ' }), c.to.join(', ')) : null,
    h('pre', { text: c.body }));
}

/** Opens (or creates) the step's thread and runs its chat: messages a page at a time, streamed sends, complete. */
async function openChat(ex, step, section, records, signal) {
  const title = section.querySelector('h2');
  title.textContent = `Chat: ${step.name}`;
  const status = h('span', { id: 'thread-status' });
  title.append(' ', status);
  const list = h('ol', { class: 'messages', id: 'chat-messages', 'aria-label': 'Messages', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'quiet', text: 'Load more messages', hidden: true });
  const input = h('textarea', { id: 'chat-input', name: 'content', rows: 3, maxLength: 8000, placeholder: 'Ask the assistant, e.g. "Draft an email to the customer about the renewal"' });
  const send = h('button', { type: 'submit', text: 'Send' });
  const complete = h('button', { type: 'button', class: 'quiet', text: 'Complete step' });
  const reopen = h('button', { type: 'button', class: 'quiet', text: 'Reopen', hidden: true });
  const notice = h('div', { role: 'status' });
  const form = h('form', { class: 'composer' },
    field('Message (Ctrl+Enter sends)', input), h('div', { class: 'actions' }, reopen, complete, send));
  section.append(h('p', { class: 'muted', text: step.goal ?? '' }), list, more, notice, form);
  // Until the thread and its messages are read and the composer is wired, it takes nothing.
  input.disabled = send.disabled = complete.disabled = true;

  let thread;
  let continuation = null;
  // One key per intended action, kept until it succeeds: a double click or a retry after a dropped answer sends
  // the same key, and the app answers it once (docs/idempotency.md).
  let sendKey = null;
  let completeKey = null;
  const show = (t) => {
    thread = t;
    status.replaceChildren(badge(t.status, { open: 'run', replying: 'run', completed: 'ok', closed: 'warn' }[t.status]));
    const open = t.status === 'open';
    input.disabled = send.disabled = !open;
    complete.disabled = t.status === 'completed';
    reopen.hidden = t.status !== 'closed';
  };
  const loadMessages = async () => {
    const query = new URLSearchParams({ limit: String(messagePage) });
    if (continuation) query.set('continuation', continuation);
    const { body } = await get(`workflows/chat/threads/${encodeURIComponent(thread.id)}/messages?${query}`, signal);
    list.append(...body.items.map(m => message(m)));
    continuation = body.continuation;
    more.hidden = !continuation;
  };

  try {
    const { body } = await post('workflows/chat/threads', { workflowExecutionId: ex.id, stepId: step.id }, crypto.randomUUID(), { signal });
    thread = body;
    await loadMessages();
    // Shown open only now, in the same task that wires the composer below, so nothing typed meanwhile is lost.
    show(body);
  } catch (e) {
    if (!signal.aborted) notice.replaceChildren(errorBox(e));
    return;
  }
  more.addEventListener('click', () => loadMessages().catch(e => notice.replaceChildren(errorBox(e))));
  input.addEventListener('input', () => { sendKey = null; });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
  });

  const refresh = async () => {
    try {
      const { body } = await get(`workflows/chat/threads/${encodeURIComponent(thread.id)}`, signal);
      show(body);
      list.replaceChildren();
      continuation = null;
      await loadMessages();
    } catch (e) {
      if (!signal.aborted) notice.replaceChildren(errorBox(e));
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const content = input.value.trim();
    // Disabled while a send is in flight (Ctrl+Enter submits past a disabled button) or the thread takes none.
    if (!content || send.disabled) return;
    sendKey ??= crypto.randomUUID();
    send.disabled = complete.disabled = true;
    notice.replaceChildren();
    try {
      // The new messages go after the last one, so the rest of the lineage comes first.
      while (continuation) await loadMessages();
      const mine = message({ role: 'user', content });
      const reply = h('li', { class: 'ai streaming', 'aria-busy': 'true' }, h('span', { class: 'visually-hidden', text: 'assistant: ' }));
      const text = document.createTextNode('');
      reply.append(text);
      list.append(mine, reply);
      reply.scrollIntoView({ block: 'nearest' });
      let done = null;
      await stream(api(`workflows/chat/threads/${encodeURIComponent(thread.id)}/messages`), {
        body: { content, version: thread.version },
        headers: { ...caller(), 'Idempotency-Key': sendKey },
        signal,
        onEvent: (type, data) => {
          if (type === 'delta') text.appendData(data.text);
          else if (type === 'reset') text.data = '';
          else if (type === 'tool') reply.before(message({ role: 'tool', ...data }));
          else if (type === 'done') done = data;
          else if (type === 'error') throw new ApiError(data.status, data.detail ?? `The reply failed (${data.status}).`, data);
          reply.scrollIntoView({ block: 'nearest' });
        },
      });
      if (!done) throw new Error('The reply stream ended before the reply was stored; send again to get it.');
      reply.replaceWith(message(done.message));
      input.value = '';
      sendKey = null;
      show(done.thread);
      records.artifacts();
      records.tasks();
    } catch (e) {
      if (signal.aborted) return;
      list.querySelector('li.streaming')?.remove();
      notice.replaceChildren(errorBox(e));
      // An answer refused or failed the send, so sending again is a new attempt; without one (the connection
      // dropped) the turn may have been stored, and the same key gets its reply.
      if (e instanceof ApiError) sendKey = null;
      // The thread may have moved on (a stale version, a reply elsewhere, a failed turn's error event): take its
      // state and messages again. The text stays in the box for sending again.
      await refresh();
    }
  });

  reopen.addEventListener('click', async () => {
    try {
      const { body } = await post(`workflows/chat/threads/${encodeURIComponent(thread.id)}/reopen`, { version: thread.version }, crypto.randomUUID(), { signal });
      show(body);
    } catch (e) {
      if (!signal.aborted) notice.replaceChildren(errorBox(e));
    }
  });

  complete.addEventListener('click', async () => {
    completeKey ??= crypto.randomUUID();
    complete.disabled = send.disabled = true;
    try {
      const { status: code, body } = await post(`workflows/chat/threads/${encodeURIComponent(thread.id)}/complete`, { version: thread.version }, completeKey, { signal });
      completeKey = null;
      if (code === 202) {
        toast('The step completes as soon as the workflow applies it.');
        show(body.thread ?? { ...thread, status: 'completed' });
        return;
      }
      toast(`${step.name}: completed.`);
      location.hash = nextHash(body.next);
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof ApiError) completeKey = null;
      notice.replaceChildren(errorBox(e));
      await refresh();
    }
  });
}

/** Where a completed step leads: the execution's next step, the next execution in the queue, or the queue. */
function nextHash(next) {
  const ex = encodeURIComponent(next?.workflowExecutionId ?? '');
  if (next?.kind === 'step') return `#/workflows/${ex}?step=${encodeURIComponent(next.stepId)}`;
  if (next?.kind === 'execution') return `#/workflows/${ex}`;
  return '#/workflows';
}

const toolLabels = {
  draft_email: 'Drafted email',
  create_task: 'Created task',
  execute_saved_action: 'Ran saved action',
  read_context: 'Read the customer\'s context',
};

function message(m) {
  if (m.role === 'tool') return toolMessage(m);
  const who = m.role === 'user' ? 'human' : 'ai';
  return h('li', { class: who, 'data-id': m.id },
    h('span', { class: 'visually-hidden', text: `${m.role}: ` }), m.content,
    m.role === 'assistant' && m.source ? h('span', { class: 'source', text: m.source === 'llm' ? m.model : m.source }) : null);
}

/** A tool call as a line: what it did and, for a record it made, a link to that record in the lists beside. */
function toolMessage(m) {
  const label = toolLabels[m.toolName] ?? m.toolName;
  if (!m.succeeded) {
    return h('li', { class: 'tool bad' }, `${label}: failed. `, m.result?.detail ?? '');
  }
  const name = m.toolName === 'execute_saved_action' ? ` ${m.arguments?.actionId ?? ''}` : '';
  const target = m.recordId?.startsWith('ar_') ? `artifact-${m.recordId}` : m.recordId?.startsWith('tk_') ? `task-${m.recordId}` : null;
  return h('li', { class: 'tool' }, `${label}${name}`, target ? [
    ' → ', h('a', {
      href: `#${target}`, text: `${target.startsWith('artifact') ? 'artifact' : 'task'} ${m.result?.title ?? m.recordId}`,
      onclick: (event) => {
        // The hash holds the route; move to the record without changing it.
        event.preventDefault();
        const record = document.getElementById(target);
        if (!record) return;
        record.querySelector('details')?.setAttribute('open', '');
        record.tabIndex = -1;
        record.scrollIntoView({ block: 'center' });
        record.focus();
      },
    })] : null);
}
