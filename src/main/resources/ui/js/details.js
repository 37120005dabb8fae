// The selected path: where it is (JSON Pointer and URL), what it holds, and the same
// read as a curl command to paste into a terminal.

import { get, jsonText, token } from './api.js';
import { h, clear, copy, problemBlock } from './dom.js';
import { curl, dataUrl, pointer } from './paths.js';
import { summary } from './tree.js';

const MAX_SHOWN = 1 << 20;

export function renderDetails(element, entry, { onEdit }) {
  const here = pointer(entry.segments);
  const url = dataUrl(entry.segments);
  const command = curl('GET', url, { token: token() });
  const container = entry.type === 'object' || entry.type === 'array';
  const valueBox = h('div', { class: 'full-value' });
  const copyButton = h('button', { type: 'button', id: 'copy-curl' }, 'Copy');
  copyButton.addEventListener('click', () => copy(command, copyButton));
  clear(element,
    h('h3', {}, 'Selected'),
    h('dl', {},
      h('dt', {}, 'JSON Pointer'), h('dd', {}, h('code', { id: 'selected-pointer' }, here || '(root: "")')),
      h('dt', {}, 'URL'), h('dd', {}, h('code', {}, url)),
      h('dt', {}, 'type'), h('dd', {}, (entry.type ?? 'unknown') + (container ? ` — ${summary(entry)}` : ''))),
    h('label', { for: 'curl' }, 'copy as curl'),
    h('div', { class: 'curl' }, h('input', { id: 'curl', readonly: true, value: command }), copyButton),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => show(url, valueBox) }, container ? 'Show JSON' : 'Show value'),
      h('button', { type: 'button', onclick: () => onEdit(here, container ? undefined : jsonText(entry.value)) }, 'Edit here…')),
    valueBox);
  if (entry.problem) clear(valueBox, problemBlock(entry.problem));
  else if (!container) show(url, valueBox);
}

async function show(url, box) {
  clear(box, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const text = (await get(url)).text;
    let shown = text;
    if (text.length <= MAX_SHOWN) {
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* shown as sent */ }
      if (/\d{16,}|\.\d{16,}/.test(text)) shown = text; // pretty-printing would round long numbers
    } else {
      shown = text.slice(0, MAX_SHOWN) + `\n… (${text.length} characters; the first ${MAX_SHOWN} shown)`;
    }
    clear(box, h('pre', { class: 'json', id: 'value-json' }, shown));
  } catch (problem) {
    clear(box, problemBlock(problem));
  }
}
