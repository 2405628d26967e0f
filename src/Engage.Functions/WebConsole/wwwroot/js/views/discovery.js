import { api, call } from '../api.js';
import { h, svg, time, ago, ms, badge, errorBox, table, toast, legend } from '../ui.js';

/** #/discovery: each crew's state, lag, counts and alerts, a chart of recent runs, and run now (admin). */
export function render(main, { signal }) {
  const body = h('div', {}, h('p', { class: 'muted', text: 'Loading…' }));
  const runNow = h('button', { type: 'button', id: 'run-discovery', text: 'Run now' });
  main.append(
    h('h1', { text: 'Discovery' }),
    h('div', { class: 'bar' }, runNow, h('span', { class: 'muted', text: 'Admin: indexes every crew now, as the timer does.' })),
    body);

  let timer;
  let shown = null;
  const refresh = async () => {
    try {
      const { body: status } = await call(api('discovery/status'), { signal });
      body.replaceChildren(...view(status));
      shown = status;
      return status;
    } catch (e) {
      if (!signal.aborted) body.replaceChildren(errorBox(e));
      return null;
    }
  };

  runNow.addEventListener('click', async () => {
    runNow.disabled = true;
    try {
      const before = (shown ?? await refresh())?.last_run?.started_at;
      const { status } = await call(api('discovery/run'), { method: 'POST', admin: true, accept: [202, 409], signal });
      toast(status === 409 ? 'A discovery run is already in progress.' : 'Discovery run started.');
      // Poll until a newer run is recorded, for at most a minute.
      for (let i = 0; i < 60 && !signal.aborted; i++) {
        await new Promise(resolve => { timer = setTimeout(resolve, 1000); });
        const now = await refresh();
        if (now && !now.running && now.last_run?.started_at !== before) break;
      }
    } catch (e) {
      if (!signal.aborted) toast(e.message);
    } finally {
      runNow.disabled = false;
    }
  });

  refresh();
  return () => clearTimeout(timer);
}

function view(status) {
  const now = Date.now();
  const alerts = status.alerts ?? [];
  return [
    h('section', { class: 'panel', 'aria-label': 'Overview' },
      h('dl', { class: 'kv' },
        h('dt', { text: 'State' }), h('dd', {}, badge(status.status, status.status === 'ok' ? 'ok' : 'bad'), status.running ? [' ', badge('running', 'run')] : null, status.demo ? ' (demo crews)' : null),
        h('dt', { text: 'Schedule' }), h('dd', { text: `${status.schedule?.expression ?? 'not set'} (${status.schedule?.setting}) · next ${time(status.schedule?.next_run_at)}` }),
        h('dt', { text: 'Last run' }), h('dd', { text: status.last_run ? `${time(status.last_run.started_at)} (${ago(status.last_run.started_at, now)}), ${ms(status.last_run.duration_ms)}, ${status.last_run.crews} crews, ${status.last_run.failed_crews} failed, ${status.last_run.trigger}` : 'none yet' }),
        h('dt', { text: 'Conversations' }), h('dd', { text: String(status.metrics?.total_conversations ?? 0) }))),
    h('h2', { text: `Alerts (${alerts.length})` }),
    alerts.length ? h('ul', { class: 'alerts' }, alerts.map(a => h('li', { class: a.severity }, h('strong', { text: a.code }), a.crew ? ` (${a.crew})` : '', ': ', a.message))) : h('p', { class: 'muted', text: 'None.' }),
    h('h2', { text: 'Crews' }),
    table('Crews', ['Crew', 'State', 'Last run', 'Lag', 'Conversations', 'Scanned', 'Created', 'Updated', 'Failures', 'Error rate', 'Alerts'],
      (status.crews ?? []).map(c => [
        h('span', { class: 'mono', text: `${c.client}/${c.crew}` }),
        crewState(c),
        c.last_run_at ? `${time(c.last_run_at)} (${ms(c.last_duration_ms)})` : 'never',
        c.last_success_at ? ago(c.last_success_at, now).replace(' ago', '') : '—',
        String(c.conversations ?? 0), String(c.sessions_scanned ?? '—'), String(c.created ?? '—'), String(c.updated ?? '—'),
        String(c.consecutive_failures ?? 0), `${Math.round((c.error_rate ?? 0) * 100)}%`,
        (c.alerts ?? []).map(a => badge(a.code, a.severity === 'error' ? 'bad' : 'warn')),
      ]), { numeric: [4, 5, 6, 7, 8, 9] }),
    (status.refused_crews ?? []).length ? [h('h2', { text: 'Refused crews' }), h('pre', { text: JSON.stringify(status.refused_crews, null, 2) })] : null,
    h('h2', { id: 'runs-title', text: 'Runs over time' }),
    runsChart(status.recent_runs ?? []),
  ].flat().filter(Boolean);
}

function crewState(c) {
  if (c.last_error) return h('span', {}, badge('failing', 'bad'), ' ', h('span', { class: 'muted', text: c.last_error }));
  if (!c.last_run_at) return badge('never run', 'warn');
  if (c.behind) return badge('behind', 'warn');
  return badge('ok');
}

/**
 * Bars for each run's duration, a line for the conversations it indexed (created + updated); inline SVG, no
 * library. The same numbers follow as a table for screen readers and exact values.
 */
export function runsChart(runs) {
  if (runs.length === 0) return h('p', { class: 'muted', text: 'No runs recorded yet.' });
  const width = 760, height = 220, left = 48, right = 48, top = 12, bottom = 36;
  const plotW = width - left - right, plotH = height - top - bottom;
  const maxMs = Math.max(1, ...runs.map(r => r.duration_ms));
  const indexed = runs.map(r => r.created + r.updated);
  const maxIndexed = Math.max(1, ...indexed);
  const step = plotW / runs.length;
  const x = i => left + i * step;
  const yMs = v => top + plotH - (v / maxMs) * plotH;
  const yIdx = v => top + plotH - (v / maxIndexed) * plotH;
  const grid = [0, .5, 1].map(f => svg('line', { class: 'grid', x1: left, x2: width - right, y1: top + plotH * (1 - f), y2: top + plotH * (1 - f) }));
  const bars = runs.map((r, i) => svg('rect', {
    class: r.failed_crews > 0 ? 'bar-bad' : 'bar-ok', x: x(i) + step * .15, width: Math.max(1, step * .7), y: yMs(r.duration_ms), height: Math.max(1, top + plotH - yMs(r.duration_ms)),
  }, svg('title', {}, `${time(r.started_at)}: ${ms(r.duration_ms)}, ${indexed[i]} indexed, ${r.failed_crews} of ${r.crews} crews failed`)));
  const points = runs.map((r, i) => `${x(i) + step / 2},${yIdx(indexed[i])}`).join(' ');
  const dots = runs.map((r, i) => svg('circle', { class: 'dot', cx: x(i) + step / 2, cy: yIdx(indexed[i]), r: 3 }));
  const labels = [
    svg('text', { x: 4, y: top + 10 }, ms(maxMs)), svg('text', { x: 4, y: top + plotH }, '0'),
    svg('text', { x: width - right + 4, y: top + 10 }, String(maxIndexed)),
    svg('text', { x: left, y: height - 8 }, time(runs[0].started_at)),
    svg('text', { x: width - right, y: height - 8, 'text-anchor': 'end' }, time(runs.at(-1).started_at)),
  ];
  return h('div', { class: 'panel' },
    h('div', { class: 'legend' },
      legend('#3b8f5a', 'duration (left axis)'), legend('#c62828', 'duration, a crew failed'), legend('#1f5fbf', 'conversations indexed (right axis)')),
    svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'runs-title', id: 'runs-chart' },
      grid, bars, svg('polyline', { class: 'line', points }), dots, labels),
    h('details', {}, h('summary', { text: 'Runs as a table' }),
      table('Recent runs', ['Started', 'Trigger', 'Duration', 'Crews', 'Failed', 'Sessions', 'Created', 'Updated'],
        [...runs].reverse().map(r => [time(r.started_at), r.trigger, ms(r.duration_ms), String(r.crews), String(r.failed_crews), String(r.sessions), String(r.created), String(r.updated)]),
        { numeric: [2, 3, 4, 5, 6, 7] })));
}
