import { api, call } from '../api.js';
import { h, field, time, badge, errorBox, table, toast } from '../ui.js';

const lists = [
  ['themes', 'Themes'], ['goals', 'Goals'], ['challenges', 'Challenges'], ['risks', 'Risks'], ['recommendations', 'Recommendations'],
];
const pollMs = 1000;

/** #/engagement?domain=…&run=…: start a run, follow it, its summary as cards, the domain's history. */
export function render(main, { params, signal }) {
  const domain = params.get('domain') ?? '';
  const runId = params.get('run');
  const input = h('input', { type: 'text', name: 'domain', id: 'domain', value: domain, required: true, placeholder: 'acmecorp.com or https://www.acmecorp.com', autocomplete: 'off' });
  const status = h('section', { class: 'panel', 'aria-live': 'polite', 'aria-label': 'Run status', hidden: true });
  const summary = h('section', { 'aria-label': 'Summary' });
  const history = h('section', { 'aria-labelledby': 'history-title' });

  const start = async (event) => {
    event.preventDefault();
    try {
      const { body } = await call(api('engagement-summary'), { method: 'POST', body: { domain: input.value.trim() } });
      location.hash = `#/engagement?domain=${encodeURIComponent(body.domain)}&run=${encodeURIComponent(body.run_id)}`;
    } catch (e) {
      status.hidden = false;
      status.replaceChildren(errorBox(e));
    }
  };
  const latest = () => {
    const value = input.value.trim();
    if (value) location.hash = `#/engagement?domain=${encodeURIComponent(value)}`;
    else input.focus();
  };

  main.append(
    h('h1', { text: 'Engagement' }),
    h('form', { class: 'bar', onsubmit: start },
      field('Domain or website URL', input),
      h('button', { type: 'submit', text: 'Start run' }),
      h('button', { type: 'button', class: 'quiet', text: 'Show latest and history', onclick: latest })),
    status, summary, history);

  if (!domain) {
    summary.append(h('p', { class: 'muted', text: 'Start a run for a customer domain (the demo has acmecorp.com, globex.io and initech.com), or show the latest summary and run history of one.' }));
    return;
  }

  if (runId) follow(domain, runId, status, summary, history, signal);
  else showLatest(domain, summary, signal);
  showHistory(domain, history, signal);
}

async function follow(domain, runId, status, summary, history, signal) {
  status.hidden = false;
  const label = h('p', {}, 'Run ', h('code', { text: runId }), ' for ', h('strong', { text: domain }), ': ');
  const state = h('span', { id: 'run-state' });
  const bar = h('progress', { max: 1, 'aria-label': 'Run progress' });
  const detail = h('p', { class: 'muted' });
  label.append(state);
  status.replaceChildren(label, bar, detail);
  // The history (fetched by render) and the "ready" toast are refreshed only for a run this page saw unfinished:
  // a run already complete at the first poll is in that history as it is.
  let seenUnfinished = false;
  while (!signal.aborted) {
    let run;
    try {
      const { body } = await call(api(`engagement-status?domain=${encodeURIComponent(domain)}&run_id=${encodeURIComponent(runId)}`), { signal });
      run = body[0];
    } catch (e) {
      if (signal.aborted) return;
      status.append(errorBox(e));
      return;
    }
    if (!run) {
      state.replaceChildren(badge('unknown', 'bad'));
      detail.textContent = 'No such run for this domain.';
      return;
    }
    state.replaceChildren(badge(run.status));
    const progress = /analyzed (\d+) of (\d+)/.exec(run.progress ?? '');
    if (progress && Number(progress[2]) > 0) { bar.max = Number(progress[2]); bar.value = Number(progress[1]); }
    detail.textContent = `${run.progress ?? 'Collecting meetings…'} · started ${time(run.created_at)} · updated ${time(run.updated_at)}`;
    if (run.status === 'complete') {
      bar.max = 1; bar.value = 1;
      summary.replaceChildren(summaryCards(run));
      if (seenUnfinished) {
        showHistory(domain, history, signal);
        toast(`The summary for ${domain} is ready.`);
      }
      return;
    }
    if (run.status === 'error') {
      status.append(h('p', { class: 'error-box', role: 'alert', text: run.error ?? 'The run failed.' }));
      return;
    }
    seenUnfinished = true;
    await new Promise(resolve => setTimeout(resolve, pollMs));
  }
}

async function showLatest(domain, summary, signal) {
  try {
    const { body } = await call(api(`engagement-summary/${encodeURIComponent(domain)}/latest`), { signal });
    summary.replaceChildren(h('h2', { text: 'Latest summary' }), summaryCards(body));
  } catch (e) {
    if (!signal.aborted) summary.replaceChildren(h('h2', { text: 'Latest summary' }), errorBox(e));
  }
}

async function showHistory(domain, history, signal) {
  // The section is filled in one step after the fetch, so overlapping calls each replace it whole: never two tables.
  const title = h('h2', { id: 'history-title', text: `Run history of ${domain}` });
  let content;
  try {
    // Runs are listed in id order and run ids are time-ordered (UUID v7): newest last, so reversed here.
    const { body } = await call(api(`engagement-runs?domain=${encodeURIComponent(domain)}&limit=100`), { admin: true, signal });
    const runs = [...body.items].reverse();
    content = runs.length === 0
      ? h('p', { class: 'muted', text: 'No runs yet.' })
      : table('Runs of ' + domain, ['Started', 'Status', 'Meetings', 'Progress', 'Run'],
        runs.map(run => [
          time(run.created_at), badge(run.status), String(run.summary?.meetings_count ?? '—'), run.progress ?? '—',
          h('a', { href: `#/engagement?domain=${encodeURIComponent(run.domain)}&run=${encodeURIComponent(run.run_id)}`, text: 'Open', 'aria-label': `Open run of ${time(run.created_at)}` }),
        ]), { numeric: [2] });
  } catch (e) {
    if (signal.aborted) return;
    content = errorBox(e);
  }
  history.replaceChildren(title, content);
}

/** The summary as cards; each item's chips link to the meetings it came from (listed in the Meetings card). */
export function summaryCards(run) {
  const s = run.summary;
  const meetings = new Map((s.provenance?.meetings ?? []).map(m => [m.id, m]));
  const chips = (ids) => ids?.length ? h('span', { class: 'chips' }, ids.map(id => meetingLink(meetings.get(id) ?? { id }))) : null;
  const card = (key, title, items) => h('section', { class: 'card', 'data-card': key, 'aria-labelledby': `card-${key}` },
    h('h3', { id: `card-${key}`, text: `${title} (${items.length})` }),
    items.length ? h('ul', {}, items) : h('p', { class: 'muted', text: 'None found.' }));

  const people = card('people', 'People', (s.people ?? []).map(p => h('li', {},
    h('strong', { text: p.name }), ' ', h('span', { class: 'muted', text: `${p.email} · ${p.meetings_attended} meetings · ${Math.round((p.talk_time_share ?? 0) * 100)}% of talk` }),
    chips(p.meeting_ids))));
  const rest = lists.map(([key, title]) => card(key, title, (s[key] ?? []).map((text, i) => h('li', {}, text, chips(s.item_meetings?.[key]?.[i])))));
  const meetingList = card('meetings', 'Meetings', [...meetings.values()].map(m => h('li', { id: `meeting-${m.id}`, tabIndex: -1 },
    h('strong', { text: m.title }), ' ', h('span', { class: 'muted', text: time(m.started_at) }),
    m.url ? [' · ', h('a', { href: m.url, target: '_blank', rel: 'noopener noreferrer', text: 'recording' })] : null)));
  const p = s.provenance ?? {};
  return h('div', {},
    h('p', { class: 'muted', id: 'summary-meta', text: `${s.meetings_count} meetings · ${time(p.period_from)} – ${time(p.period_to)} · source ${p.source ?? '—'} · analysed by ${p.generator ?? '—'}${p.fallback_reason ? ` (${p.fallback_reason})` : ''}` }),
    h('div', { class: 'cards' }, people, ...rest, meetingList));
}

function meetingLink(meeting) {
  const label = meeting.title ? `${meeting.title}, ${time(meeting.started_at)}` : `meeting ${meeting.id}`;
  return h('a', {
    class: 'chip', href: `#meeting-${meeting.id}`, title: label, 'aria-label': `From meeting: ${label}`,
    text: meeting.started_at ? new Date(meeting.started_at).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }) : `#${meeting.id}`,
    onclick: (event) => {
      // The hash holds the route; move to the meeting without changing it.
      event.preventDefault();
      const target = document.getElementById(`meeting-${meeting.id}`);
      if (!target) return;
      document.querySelectorAll('.highlight').forEach(el => el.classList.remove('highlight'));
      target.classList.add('highlight');
      target.scrollIntoView({ block: 'center' });
      target.focus();
    },
  });
}
