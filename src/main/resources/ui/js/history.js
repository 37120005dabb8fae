// The retained versions, the diff between any two, and rollback: one new version
// whose document is an old one's (lock, replace the whole document, commit), as
// `lighthousectl rollback` does. History is kept; nothing is rewritten.

import { get, request } from './api.js';
import { h, clear, problemBlock, since } from './dom.js';
import { patchTable } from './diff.js';
import { lockName } from './edit.js';

const LIMIT = 100;

export class HistoryView {
  constructor(root, { lockNameInput }) {
    this.root = root;
    this.lockNameInput = lockNameInput;
    this.versions = [];
    this.a = null;
    this.b = null;
    root.querySelector('#diff-run').addEventListener('click', () => this.diff());
  }

  async refresh() {
    const out = this.root.querySelector('#versions');
    try {
      this.versions = (await get(`/versions?limit=${LIMIT}`)).json;
    } catch (problem) {
      clear(out, problemBlock(problem));
      return;
    }
    const seqs = this.versions.map(v => v.seq);
    if (!seqs.includes(this.b)) this.b = seqs[0] ?? null;
    if (!seqs.includes(this.a)) this.a = seqs[1] ?? seqs[0] ?? null;
    this.render();
  }

  render() {
    const out = this.root.querySelector('#versions');
    clear(out, h('table', { class: 'history' },
      h('thead', {}, h('tr', {}, ['A', 'B', 'seq', 'time', 'lock', 'author', 'changed', ''].map(t => h('th', {}, t)))),
      h('tbody', {}, this.versions.map(v => this.row(v)))));
  }

  row(v) {
    const changed = v.changed || [];
    return h('tr', { 'data-seq': v.seq },
      h('td', {}, radio('a', v.seq, this.a === v.seq, () => { this.a = v.seq; })),
      h('td', {}, radio('b', v.seq, this.b === v.seq, () => { this.b = v.seq; })),
      h('td', { class: 'num' }, v.seq),
      h('td', { title: v.timestamp }, new Date(v.timestamp).toLocaleString(), h('div', { class: 'muted' }, since(v.timestamp))),
      h('td', {}, v.lock ?? '—'),
      h('td', {}, v.by ?? '—'),
      h('td', { class: 'changed' }, changed.slice(0, 4).map(p => h('code', {}, p || '/')),
        changed.length > 4 ? h('span', { class: 'muted' }, ` +${changed.length - 4} more`) : null),
      h('td', {}, v === this.versions[0] ? h('span', { class: 'muted' }, 'current')
        : h('button', { class: 'rollback', onclick: event => this.confirm(v, event.target.closest('td')) }, 'Roll back to this')));
  }

  async diff() {
    const out = this.root.querySelector('#diff');
    if (this.a === null || this.b === null) return;
    clear(out, h('p', { class: 'muted' }, 'Loading…'));
    try {
      const ops = (await get(`/versions/${this.a}/diff/${this.b}`)).json;
      clear(out, h('h3', {}, `From seq ${this.a} to seq ${this.b}`),
        await patchTable(ops, path => `/versions/${this.a}/data/${path}`));
    } catch (problem) {
      clear(out, problemBlock(problem));
    }
  }

  confirm(version, cell) {
    const empties = version.seq === 0 ? ' It is the empty store: every key goes.' : '';
    clear(cell, h('span', {}, `Make seq ${version.seq}'s document current again?${empties} `),
      h('button', { class: 'danger confirm-rollback', onclick: () => this.rollback(version, cell) }, 'Yes, roll back'),
      h('button', { onclick: () => this.render() }, 'Cancel'));
  }

  async rollback(version, cell) {
    const name = lockName() || this.lockNameInput.value.trim();
    const out = this.root.querySelector('#rollback-result');
    clear(out);
    let taken = false;
    try {
      const lock = (await get('/lock')).json;
      if (lock.locked && lock.name === name && lock.staged > 0) {
        throw new Error(`you hold the lock as ${name} with ${lock.staged} staged edits: commit or abort them first (Edit)`);
      }
      await request('PUT', '/lock', { body: { name, locked: true, ttl: '1m' } });
      taken = true;
      const document = await get(`/versions/${version.seq}/data/`);
      await request('PUT', `/update/${encodeURIComponent(name)}/`, { body: document.text });
      const c = (await request('PUT', '/lock', { body: { name, locked: false } })).json.committed;
      taken = false;
      out.append(h('p', { class: 'ok' }, c ? `Rolled back: seq ${c.seq} now holds seq ${version.seq}'s document.`
        : `Nothing to do: the current document already equals seq ${version.seq}'s.`));
    } catch (problem) {
      out.append(problem.summary ? problemBlock(problem) : h('div', { class: 'problem' }, problem.message));
      if (taken) await request('DELETE', `/lock?name=${encodeURIComponent(name)}`).catch(() => {});
    }
    await this.refresh();
  }
}

function radio(group, seq, checked, onchange) {
  return h('input', { type: 'radio', name: 'diff-' + group, value: seq, checked, onchange,
    'aria-label': `diff ${group === 'a' ? 'from' : 'to'} seq ${seq}` });
}
