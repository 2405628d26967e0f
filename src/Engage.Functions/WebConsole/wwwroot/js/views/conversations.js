import { api, call } from '../api.js';
import { h, field, time, ago, errorBox } from '../ui.js';

const pageSize = 25;

/**
 * #/conversations?crew=client/crew: the newest-first list, a page at a time as the list scrolls (the API's
 * continuation token), a search over what is loaded, and the messages of the one opened.
 */
export function render(main, { params, signal }) {
  const chosen = params.get('crew') ?? '';
  const crewSelect = h('select', { name: 'crew', id: 'crew' }, h('option', { value: '', text: 'All crews' }),
    // The chosen crew is an option at once, so the first page is read for it before the crew names arrive.
    chosen ? h('option', { value: chosen, text: chosen, selected: true }) : null);
  const search = h('input', { type: 'search', id: 'search', name: 'search', placeholder: 'Session id or last message', autocomplete: 'off' });
  const typeSelect = h('select', { id: 'last-type', name: 'type' },
    h('option', { value: '', text: 'Any' }), h('option', { value: 'human', text: 'Human' }), h('option', { value: 'ai', text: 'AI' }));
  const count = h('p', { class: 'muted', 'aria-live': 'polite', id: 'conversation-count' });
  const list = h('ul', { class: 'conversation-list', id: 'conversation-list', 'aria-label': 'Conversations, newest first' });
  const more = h('button', { type: 'button', class: 'quiet', text: 'Load more' });
  const sentinel = h('li', { class: 'sentinel' }, more);
  const detail = h('section', { class: 'panel', id: 'conversation-detail', 'aria-label': 'Conversation', 'aria-live': 'polite' },
    h('p', { class: 'muted', text: 'Open a conversation to read its messages.' }));

  main.append(
    h('h1', { text: 'Conversations' }),
    h('form', { class: 'bar', onsubmit: e => e.preventDefault() },
      field('Crew', crewSelect), field('Search loaded conversations', search), field('Last message from', typeSelect)),
    count,
    h('div', { class: 'split' }, h('div', {}, list), detail));

  const state = { items: [], continuation: null, loading: false, done: false };
  const matches = (item) => {
    const q = search.value.trim().toLowerCase();
    return (!typeSelect.value || item.last_message_type === typeSelect.value)
      && (!q || item.session_id.toLowerCase().includes(q) || (item.preview ?? '').toLowerCase().includes(q));
  };
  const refilter = () => {
    let shown = 0;
    for (const li of list.querySelectorAll('li[data-key]')) {
      const visible = matches(li.item);
      li.hidden = !visible;
      if (visible) shown++;
    }
    count.textContent = `${state.items.length} loaded${state.done ? ' (all)' : ''}${shown !== state.items.length ? `, ${shown} match` : ''}.`;
  };

  const load = async () => {
    if (state.loading || state.done || signal.aborted) return;
    state.loading = true;
    more.disabled = true;
    more.textContent = 'Loading…';
    try {
      const [client, crew] = crewSelect.value ? crewSelect.value.split('/') : [];
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (client) { query.set('client', client); query.set('crew', crew); }
      if (state.continuation) query.set('continuation', state.continuation);
      const { body } = await call(api(`conversations?${query}`), { signal });
      for (const item of body.items) {
        state.items.push(item);
        const li = h('li', { 'data-key': `${item.client}|${item.crew}|${item.session_id}` },
          h('button', { type: 'button', onclick: () => open(item, li) },
            h('strong', { class: 'mono', text: item.session_id }), ' ',
            h('span', { class: 'muted', text: `${item.client}/${item.crew} · ${item.message_count} messages · ${ago(item.last_activity_at)}` }),
            h('span', { class: 'preview', text: item.preview ?? '' })));
        li.item = item;
        list.insertBefore(li, sentinel);
      }
      state.continuation = body.continuation;
      state.done = !body.continuation;
    } catch (e) {
      if (!signal.aborted) list.insertBefore(h('li', {}, errorBox(e)), sentinel);
      state.done = true;
    } finally {
      state.loading = false;
      more.disabled = state.done;
      more.textContent = state.done ? 'No more conversations' : 'Load more';
      refilter();
    }
    // A page that did not fill the list (or one the filter hid) leaves the sentinel in view: keep going.
    if (!state.done && isVisible(sentinel, list)) load();
  };

  const open = async (item, li) => {
    list.querySelectorAll('button[aria-current]').forEach(b => b.removeAttribute('aria-current'));
    li.querySelector('button').setAttribute('aria-current', 'true');
    detail.replaceChildren(h('p', { class: 'muted', text: 'Loading…' }));
    try {
      const id = encodeURIComponent(item.session_id);
      const { body } = await call(api(`conversations/${encodeURIComponent(item.client)}/${encodeURIComponent(item.crew)}/${id}`), { signal });
      detail.replaceChildren(
        h('h2', { class: 'mono', text: body.session_id }),
        h('p', { class: 'muted', text: `${body.client}/${body.crew} · ${body.message_count} messages (${body.human_messages} human, ${body.ai_messages} AI) · first ${time(body.first_message_at)} · last activity ${time(body.last_activity_at)}` }),
        h('ol', { class: 'messages', 'aria-label': 'Messages' }, body.messages.map(m =>
          h('li', { class: m.type === 'human' ? 'human' : 'ai' }, h('span', { class: 'visually-hidden', text: `${m.type}: ` }), m.content))),
        ...(body.messages_truncated ? [h('p', { class: 'muted', text: 'Only the first 1,000 messages are shown.' })] : []));
    } catch (e) {
      if (!signal.aborted) detail.replaceChildren(errorBox(e));
    }
  };

  more.addEventListener('click', load);
  search.addEventListener('input', refilter);
  typeSelect.addEventListener('change', refilter);
  crewSelect.addEventListener('change', () => {
    location.hash = crewSelect.value ? `#/conversations?crew=${encodeURIComponent(crewSelect.value)}` : '#/conversations';
  });
  list.append(sentinel);
  const observer = new IntersectionObserver(entries => { if (entries.some(e => e.isIntersecting)) load(); }, { root: list, rootMargin: '200px' });
  observer.observe(sentinel);

  call(api('discovery/status'), { signal }).then(({ body }) => {
    for (const crew of body.crews ?? []) {
      const value = `${crew.client}/${crew.crew}`;
      const text = `${value} (${crew.conversations})`;
      const existing = [...crewSelect.options].find(o => o.value === value);
      if (existing) existing.textContent = text;
      else crewSelect.append(h('option', { value, text }));
    }
  }).catch(() => { /* The list works without the crew names; the status view shows why they are missing. */ });

  return () => observer.disconnect();
}

function isVisible(el, root) {
  const a = el.getBoundingClientRect();
  const b = root.getBoundingClientRect();
  return a.top < b.bottom + 200 && a.bottom > b.top;
}
