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
  const key = (admin && keys.admin) || keys.function;
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal, credentials: 'same-origin' };
  if (key) init.headers['x-functions-key'] = key;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  const ok = accept ? accept.includes(response.status) : response.ok;
  if (!ok) {
    let message = parsed?.detail ?? parsed?.title ?? `${method} ${url.pathname} answered ${response.status}.`;
    if (response.status === 401 || response.status === 403) {
      message = `${message} This needs ${admin ? 'the admin (master) key' : 'a function key'}: set it under Access keys.`;
    }
    throw new ApiError(response.status, message, parsed);
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
