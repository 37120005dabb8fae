// A small element builder: h('div', {class: 'x', onclick: f}, 'text', child).

export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export const $ = selector => document.querySelector(selector);

/** "3m ago" style: how long since an ISO time, for lock holders and members. */
export function since(iso) {
  const seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) return '';
  const ahead = seconds < 0;
  const s = Math.abs(seconds);
  const text = s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s`
    : s < 172800 ? `${Math.floor(s / 3600)}h ${Math.floor(s % 3600 / 60)}m` : `${Math.floor(s / 86400)} days`;
  return ahead ? `in ${text}` : `${text} ago`;
}

/** A Problem as a block next to what caused it: status, title, detail, the request. */
export function problemBlock(problem) {
  const request = problem.request;
  const extra = Object.entries(problem.body || {})
    .filter(([k]) => !['type', 'title', 'status', 'detail'].includes(k))
    .map(([k, v]) => h('li', {}, `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`));
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', {}, problem.summary()),
    extra.length ? h('ul', {}, extra) : null,
    request ? h('div', { class: 'cause' }, `${request.method} ${decodeURI(request.url)}`,
      request.body ? h('pre', {}, request.body.length > 400 ? request.body.slice(0, 400) + '…' : request.body) : null) : null);
}

export async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    flash(button, 'copied');
  } catch {
    flash(button, 'select and copy');
  }
}

function flash(button, text) {
  if (!button) return;
  const before = button.textContent;
  button.textContent = text;
  setTimeout(() => { button.textContent = before; }, 1200);
}
