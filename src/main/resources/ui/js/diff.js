// An RFC 6902 patch as an operator reads it: one row per change, the value
// before (when it can be had cheaply) and after.

import { get, jsonText } from './api.js';
import { h } from './dom.js';
import { parsePath, urlPath } from './paths.js';

const MAX_BEFORE = 50;
const MAX_TEXT = 2000;

/**
 * The patch as a table. beforeUrl(segments), if given, names where the old value of a
 * replaced or removed path is read (the current document, or an old version).
 */
export async function patchTable(ops, beforeUrl) {
  if (ops.length === 0) return h('p', { class: 'empty' }, 'No differences.');
  const before = new Map();
  if (beforeUrl) {
    const wanted = ops.filter(op => op.op !== 'add' && op.path !== '').slice(0, MAX_BEFORE);
    await Promise.all(wanted.map(async op => {
      try {
        before.set(op.path, (await get(beforeUrl(urlPath(parsePath(op.path))))).text.trim());
      } catch { /* shown as unknown */ }
    }));
  }
  return h('table', { class: 'patch' },
    h('thead', {}, h('tr', {}, h('th', {}, 'op'), h('th', {}, 'path'), h('th', {}, 'before'), h('th', {}, 'after'))),
    h('tbody', {}, ops.map(op => h('tr', { class: 'op-' + op.op, 'data-path': op.path },
      h('td', {}, h('span', { class: 'badge ' + op.op }, op.op)),
      h('td', {}, h('code', {}, op.path || '(whole document)')),
      h('td', {}, op.op === 'add' ? '' : code(before.get(op.path))),
      h('td', {}, op.op === 'remove' ? '' : code(jsonText(op.value)))))));
}

function code(text) {
  if (text === undefined) return h('span', { class: 'muted' }, '…');
  return h('pre', { class: 'json' }, text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + '…' : text);
}
