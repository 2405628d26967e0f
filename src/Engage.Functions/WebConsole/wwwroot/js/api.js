// The app's public routes, addressed relative to the page (…/api/console/), so the console works under any host
// name and on Azure as under the local host. Keys, when set (Azure), go in x-functions-key.

const apiBase = new URL('../', document.baseURI);
const durableBase = new URL('../../runtime/webhooks/durabletask/', document.baseURI);

export const keys = {
  get function() { return sessionStorage.getItem('engage.key.function') ?? ''; },
  get admin() { return sessionStorage.getItem('engage.key.admin') ?? ''; },
  set(functionKey, adminKey) {
    sessionStorage.setItem('engage.key.function', functionKey);
    sessionStorage.setItem('engage.key.admin', adminKey);
  },
};

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export const api = (path) => new URL(path, apiBase);
export const durable = (path) => new URL(path, durableBase);

/**
 * Calls a route and answers {status, headers, body}. A status outside `accept` (default: any 2xx) throws an
 * ApiError carrying the problem+json detail, or a hint to set the key on a 401/403.
 */
export async function call(url, { method = 'GET', body, admin = false, accept, headers = {}, signal } = {}) {
  const response = await fetch(url, request(method, body, admin, headers, signal));
  const parsed = await read(response);
  const ok = accept ? accept.includes(response.status) : response.ok;
  if (!ok) throw failure(response, parsed, method, url, admin);
  return { status: response.status, headers: response.headers, body: parsed };
}

/**
 * POSTs and reads the answer as server-sent events, calling onEvent(type, data) for each as it arrives (data parsed
 * as JSON). Browsers have no EventSource for a POST, hence fetch and a stream reader. An answer that is not a stream
 * (a refusal before the stream starts) throws as call() does.
 */
export async function stream(url, { body, headers = {}, signal, onEvent }) {
  const response = await fetch(url, request('POST', body, false, { ...headers, Accept: 'text/event-stream' }, signal));
  if (!response.ok || !response.headers.get('Content-Type')?.startsWith('text/event-stream')) {
    throw failure(response, await read(response), 'POST', url, false);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = sseParser(onEvent);
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parser(chunk.value);
}

/**
 * The part of the server-sent events format the app writes: events separated by a blank line, each of `event:` and
 * `data:` lines (several data lines join with a newline); comments and ids are skipped. Text arrives in arbitrary
 * chunks, so a partial line waits for the next one.
 */
function sseParser(onEvent) {
  let buffer = '';
  let type = 'message';
  let data = [];
  return (text) => {
    buffer += text;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === '') {
        if (data.length) onEvent(type, JSON.parse(data.join('\n')));
        type = 'message';
        data = [];
      } else if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
    }
  };
}

function request(method, body, admin, headers, signal) {
  const key = (admin && keys.admin) || keys.function;
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal, credentials: 'same-origin' };
  if (key) init.headers['x-functions-key'] = key;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  return init;
}

async function read(response) {
  const text = await response.text();
  try { return text ? JSON.parse(text) : null; } catch { return text; }
}

function failure(response, parsed, method, url, admin) {
  let message = parsed?.detail ?? parsed?.title ?? `${method} ${url.pathname} answered ${response.status}.`;
  if (response.status === 401 || response.status === 403) {
    message = `${message} This needs ${admin ? 'the admin (master) key' : 'a function key'}: set it under Access keys.`;
  }
  return new ApiError(response.status, message, parsed);
}
