// Lock -> stage -> review -> commit or abort. Who holds the lock is polled (it is not
// part of the document's event stream); every refusal is shown under the form that
// caused it, with the request that was sent.

import { get, request, token } from './api.js';
import { h, clear, problemBlock, since } from './dom.js';
import { parsePath, urlPath, curl } from './paths.js';
import { patchTable } from './diff.js';

const NAME_KEY = 'lighthouse.lockName';

export function lockName() {
  return sessionStorage.getItem(NAME_KEY) || '';
}

export class EditView {
  constructor(root) {
    this.root = root;
    this.lock = null;
    this.log = [];
    const name = lockName() || 'ui-' + Math.random().toString(16).slice(2, 6);
    root.querySelector('#lock-name').value = name;
    root.querySelector('#lock-form').addEventListener('submit', e => { e.preventDefault(); this.take(); });
    root.querySelector('#stage-form').addEventListener('submit', e => { e.preventDefault(); this.stage(); });
    root.querySelector('#stage-op').addEventListener('change', () => this.opChanged());
    root.querySelector('#commit').addEventListener('click', () => this.commit());
    root.querySelector('#abort').addEventListener('click', () => this.abort());
    root.querySelector('#review-refresh').addEventListener('click', () => this.review());
  }

  name() {
    return this.root.querySelector('#lock-name').value.trim();
  }

  mine() {
    return !!(this.lock && this.lock.locked && this.lock.name === lockName());
  }

  /** Fills the staging form from the tree's selection. */
  prefill(pointerText, valueText) {
    this.root.querySelector('#stage-path').value = pointerText;
    if (valueText !== undefined) this.root.querySelector('#stage-value').value = valueText;
  }

  async refreshLock() {
    try {
      this.lock = (await get('/lock')).json;
      this.lockProblem = null;
    } catch (problem) {
      this.lockProblem = problem;
    }
    this.renderLock();
  }

  renderLock() {
    const box = this.root.querySelector('#lock-state');
    const lock = this.lock;
    if (this.lockProblem) {
      clear(box, problemBlock(this.lockProblem));
    } else if (!lock || !lock.locked) {
      clear(box, h('span', { class: 'state free' }, 'Unlocked'), ' — nobody is editing.');
    } else {
      clear(box, h('span', { class: 'state ' + (this.mine() ? 'mine' : 'held') }, this.mine() ? 'You hold the lock' : 'Locked'),
        ' by ', h('strong', { id: 'lock-holder' }, lock.name),
        ` since ${new Date(lock.since).toLocaleString()} (${since(lock.since)}); lease ends ${since(lock.expires)}; `,
        `base seq ${lock.base}, ${lock.staged} edit${lock.staged === 1 ? '' : 's'} staged.`);
    }
    for (const id of ['#stage-submit', '#commit', '#abort', '#review-refresh']) {
      this.root.querySelector(id).disabled = !this.mine();
    }
  }

  async take() {
    const out = this.root.querySelector('#lock-result');
    const name = this.name();
    const body = { name, locked: true, ttl: this.root.querySelector('#lock-ttl').value.trim() || '5m' };
    clear(out);
    try {
      this.lock = (await request('PUT', '/lock', { body })).json;
      sessionStorage.setItem(NAME_KEY, name);
      out.append(h('p', { class: 'ok' }, `Lock taken as ${name}.`));
    } catch (problem) {
      out.append(problemBlock(problem));
    }
    this.renderLock();
    if (this.mine()) this.review();
  }

  opChanged() {
    const op = this.root.querySelector('#stage-op').value;
    this.root.querySelector('#stage-value').disabled = op === 'delete';
  }

  async stage() {
    const path = this.root.querySelector('#stage-path').value;
    const op = this.root.querySelector('#stage-op').value;
    const value = this.root.querySelector('#stage-value').value;
    const out = this.root.querySelector('#stage-result');
    clear(out);
    let segments;
    try {
      segments = parsePath(path);
    } catch (e) {
      out.append(h('div', { class: 'problem' }, e.message));
      return;
    }
    const base = `/update/${encodeURIComponent(lockName())}/${urlPath(segments)}`;
    const requests = {
      set: ['PUT', base, { body: value }],
      append: ['PUT', base + (segments.length ? '/-' : '-'), { body: value }],
      merge: ['PATCH', base, { body: value, type: 'application/merge-patch+json' }],
      delete: ['DELETE', base, {}],
    };
    const [method, url, options] = requests[op];
    const entry = { op, path: path || '/', value: op === 'delete' ? null : value, command: curl(method, url, { token: token(), ...options }) };
    try {
      this.lock = (await request(method, url, options)).json;
      entry.ok = true;
    } catch (problem) {
      entry.problem = problem;
      out.append(problemBlock(problem));
    }
    this.log.push(entry);
    this.renderLog();
    this.renderLock();
    if (entry.ok) this.review();
  }

  renderLog() {
    clear(this.root.querySelector('#stage-log'), this.log.map(entry => h('li', { class: entry.ok ? 'ok' : 'refused' },
      h('span', { class: 'badge ' + entry.op }, entry.op), ' ', h('code', {}, entry.path),
      entry.value !== null ? h('code', { class: 'muted' }, ' ' + (entry.value.length > 80 ? entry.value.slice(0, 80) + '…' : entry.value)) : null,
      entry.ok ? ' staged' : [' refused: ', entry.problem.summary()])));
  }

  async review() {
    const out = this.root.querySelector('#review');
    if (!this.mine()) { clear(out); return; }
    try {
      const reply = await get(`/update/${encodeURIComponent(lockName())}/`, { accept: 'application/json-patch+json' });
      clear(out, h('p', {}, `Staged against seq ${this.lock.base}: ${reply.json.length} change${reply.json.length === 1 ? '' : 's'}.`),
        await patchTable(reply.json, path => `/data/${path}`));
    } catch (problem) {
      clear(out, problemBlock(problem));
    }
  }

  commit() {
    return this.end('PUT', '/lock', { body: { name: lockName(), locked: false } }, reply => {
      const c = reply.json.committed;
      return c ? `Committed seq ${c.seq} (${c.checksum.slice(0, 19)}…), changed: ${c.changed.join(', ')}`
        : 'Nothing changed: the staged document equals the current one, so no version was made.';
    });
  }

  abort() {
    return this.end('DELETE', `/lock?name=${encodeURIComponent(lockName())}`, {},
      () => 'Aborted: the staged edits are gone and the lock is free.');
  }

  /** Commit or abort: the request, what it did (or why not), and the views after it. */
  async end(method, url, options, describe) {
    const out = this.root.querySelector('#commit-result');
    clear(out);
    try {
      out.append(h('p', { class: 'ok' }, describe(await request(method, url, options))));
      this.log = [];
      this.renderLog();
    } catch (problem) {
      out.append(problemBlock(problem));
    }
    await this.refreshLock();
    this.review();
  }
}
