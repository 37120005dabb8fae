// Every request the UI makes: same origin only, the token (if any) from this tab's
// sessionStorage, and refusals turned into Problem errors that carry the RFC 9457 body
// and the request that caused them, so a view can show both side by side.

const TOKEN_KEY = 'lighthouse.token';
const listeners = new Set();

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Called with every Problem (401 and 403 included), for the page-wide notice. */
export function onProblem(listener) {
  listeners.add(listener);
}

/** A number JSON.parse would round (big integers, long decimals), kept as its source text. */
export class RawNumber {
  constructor(source) { this.source = source; }
  toJSON() { return this.source; }
}

/** JSON.parse that keeps every number as written where a double would show it otherwise (big integers, long decimals, 1.0). */
export function parseJson(text) {
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' && context && context.source !== undefined && String(value) !== context.source
      ? new RawNumber(context.source) : value);
}

/** Compact JSON text of a parsed value, exact numbers included. */
export function jsonText(value, indent) {
  const marks = [];
  const text = JSON.stringify(value, (key, v) => {
    if (v instanceof RawNumber) { marks.push(v.source); return `\u0000${marks.length - 1}\u0000`; }
    return v;
  }, indent);
  return text === undefined ? 'undefined'
    : text.replace(/"\\u0000(\d+)\\u0000"/g, (m, i) => marks[Number(i)]);
}

export class Problem extends Error {
  constructor(status, body, request) {
    super(body.detail || body.title || `HTTP ${status}`);
    this.status = status;
    this.type = body.type || '';
    this.title = body.title || `HTTP ${status}`;
    this.detail = body.detail || '';
    this.body = body;
    this.request = request;
  }

  /** One line for a notice: status, title and detail. */
  summary() {
    const status = this.status ? `${this.status} ` : '';
    return `${status}${this.title}${this.detail ? ': ' + this.detail : ''}`;
  }
}

export function authHeaders(extra) {
  const headers = new Headers(extra || {});
  const t = token();
  if (t) headers.set('Authorization', 'Bearer ' + t);
  return headers;
}

/**
 * One API request. body: a string (sent as is) or a value (sent as JSON).
 * Resolves to {status, json, text, seq, checksum, headers}; rejects with a Problem.
 */
export async function request(method, url, options = {}) {
  const headers = authHeaders(options.headers);
  if (options.accept) headers.set('Accept', options.accept);
  let payload;
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : jsonText(options.body);
    headers.set('Content-Type', options.type || 'application/json');
  }
  const described = { method, url, body: payload };
  let response;
  try {
    response = await fetch(url, { method, headers, body: payload, cache: options.cache || 'no-store' });
  } catch (e) {
    throw raise(new Problem(0, { title: 'Server unreachable', detail: String(e.message || e) }, described));
  }
  const text = await response.text();
  if (!response.ok) {
    let body;
    try { body = JSON.parse(text); } catch { body = { title: response.statusText, detail: text.slice(0, 500) }; }
    throw raise(new Problem(response.status, body, described));
  }
  return {
    status: response.status,
    text,
    json: text ? parseJson(text) : null,
    seq: response.headers.get('X-Lighthouse-Seq'),
    checksum: response.headers.get('X-Lighthouse-Checksum'),
    headers: response.headers,
  };
}

function raise(problem) {
  for (const listener of listeners) listener(problem);
  return problem;
}

export const get = (url, options) => request('GET', url, options);
