// The document as a collapsible tree, loaded a level at a time through
// GET /data/{path}?outline=true, so the top of a 64 MiB document shows at once.
// Expanded containers are remembered by JSON Pointer and reloaded after a commit;
// the browser revalidates each with its ETag, so unchanged levels cost a 304.

import { get, jsonText, RawNumber } from './api.js';
import { h, clear } from './dom.js';
import { dataUrl, pointer } from './paths.js';

const PAGE = 200;

export class TreeView {
  constructor(element, { onSelect, onVersion, onProblem }) {
    this.element = element;
    this.onSelect = onSelect;
    this.onVersion = onVersion;
    this.onProblem = onProblem;
    this.rootSegments = [];
    this.entries = new Map();
    this.selected = null;
    this.changed = [];
  }

  /** Shows the tree rooted at segments (the path bar's path). */
  async open(segments) {
    this.rootSegments = segments;
    this.entries.clear();
    const root = { segments, label: segments.length ? String(segments[segments.length - 1]) : '(document)', expanded: true };
    this.entries.set(pointer(segments), root);
    this.selected = pointer(segments);
    await this.load(root, PAGE);
    this.render();
    // For measuring how soon an operator sees the document (BigDocumentUiIT reads it).
    if (performance.getEntriesByName('lighthouse-tree-shown').length === 0) performance.mark('lighthouse-tree-shown');
    this.onSelect(root);
  }

  /** Reloads every expanded level (after a commit); rows on a changed path are marked. */
  async refresh(changedPointers = []) {
    this.changed = changedPointers;
    const expanded = [...this.entries.values()].filter(e => e.expanded);
    for (const entry of expanded) {
      if (this.entries.get(pointer(entry.segments)) !== entry) continue;
      await this.load(entry, Math.max(PAGE, entry.children ? entry.children.length : 0));
    }
    this.render();
    const selected = this.entries.get(this.selected);
    if (selected) this.onSelect(selected, true);
  }

  async load(entry, count) {
    const url = `${dataUrl(entry.segments)}?outline=true&limit=${Math.min(count, 10000)}`;
    try {
      const reply = await get(url, { cache: 'no-cache' });
      this.onVersion(reply.seq, reply.checksum);
      this.absorb(entry, reply.json, false);
      entry.problem = null;
    } catch (problem) {
      entry.problem = problem;
      entry.children = [];
      if (entry.segments === this.rootSegments) this.onProblem(problem);
    }
  }

  async more(entry) {
    const url = `${dataUrl(entry.segments)}?outline=true&offset=${entry.children.length}&limit=${PAGE}`;
    const reply = await get(url, { cache: 'no-cache' });
    this.absorb(entry, reply.json, true);
    this.render();
  }

  absorb(entry, outline, append) {
    entry.type = outline.type;
    entry.size = outline.size;
    entry.value = outline.value;
    if (outline.children === undefined) { entry.children = null; return; }
    const children = outline.children.map(child => {
      const key = child.key !== undefined ? child.key : child.index;
      const segments = [...entry.segments, key];
      const known = this.entries.get(pointer(segments));
      const next = { segments, label: String(key), index: child.index !== undefined, type: child.type,
        size: child.size, value: child.value, expanded: known ? known.expanded : false,
        children: known ? known.children : null };
      this.entries.set(pointer(segments), next);
      return next;
    });
    entry.children = append ? [...entry.children, ...children] : children;
  }

  async toggle(entry) {
    entry.expanded = !entry.expanded;
    if (entry.expanded) await this.load(entry, PAGE);
    this.render();
  }

  select(entry) {
    this.selected = pointer(entry.segments);
    this.render();
    this.onSelect(entry);
  }

  render() {
    const root = this.entries.get(pointer(this.rootSegments));
    clear(this.element, h('ul', { class: 'tree', role: 'tree' }, this.row(root)));
  }

  row(entry) {
    const here = pointer(entry.segments);
    const container = entry.type === 'object' || entry.type === 'array';
    const flagged = this.changed.some(p => p === here || p.startsWith(here + '/'));
    const item = h('li', { role: 'treeitem', 'data-pointer': here,
      'aria-expanded': container ? String(!!entry.expanded) : null, 'aria-selected': String(this.selected === here) },
      h('div', { class: 'row' + (this.selected === here ? ' selected' : '') + (flagged ? ' changed' : ''),
        onclick: () => this.select(entry) },
        container ? h('button', { class: 'toggle', title: entry.expanded ? 'collapse' : 'expand',
          onclick: event => { event.stopPropagation(); this.toggle(entry); } }, entry.expanded ? '▾' : '▸')
          : h('span', { class: 'toggle' }),
        h('span', { class: entry.index ? 'key index' : 'key' }, entry.label),
        h('span', { class: 'sep' }, ':'),
        entry.type === undefined ? h('span', { class: 'muted' }, '(not readable)')
          : container ? h('span', { class: 'summary' }, summary(entry)) : scalar(entry.value, entry.type)));
    if (entry.problem) item.append(h('div', { class: 'problem inline' }, entry.problem.summary()));
    if (container && entry.expanded && entry.children) {
      const group = h('ul', { role: 'group' }, entry.children.map(child => this.row(child)));
      if (entry.children.length < entry.size) {
        group.append(h('li', { class: 'more' }, h('button', { onclick: () => this.more(entry) },
          `show ${Math.min(PAGE, entry.size - entry.children.length)} more of ${entry.size - entry.children.length} not shown`)));
      }
      item.append(group);
    }
    return item;
  }
}

export function summary(entry) {
  return entry.type === 'object' ? `{…} ${entry.size} member${entry.size === 1 ? '' : 's'}`
    : `[…] ${entry.size} item${entry.size === 1 ? '' : 's'}`;
}

/** A scalar as a row shows it: JSON text, long strings cut (the details pane shows them whole). */
export function scalar(value, type) {
  let text = value instanceof RawNumber ? value.source : jsonText(value);
  if (text.length > 160) text = text.slice(0, 160) + '…';
  return h('span', { class: 'value ' + (type || typeof value) }, text);
}
