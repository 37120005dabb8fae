// Cluster members, the leader, each member's seq and checksum, and health. Two members
// at the same seq with different checksums have diverged: that is shouted, never hidden.

import { get } from './api.js';
import { h, clear, problemBlock } from './dom.js';

export class ClusterView {
  constructor(root) {
    this.root = root;
  }

  async refresh() {
    const out = this.root.querySelector('#cluster');
    let cluster;
    let health;
    try {
      cluster = (await get('/cluster')).json;
    } catch (problem) {
      clear(out, problemBlock(problem));
      return;
    }
    try {
      health = (await get('/health')).json;
    } catch (problem) {
      health = problem.body && problem.body.status ? problem.body : { status: problem.summary() };
    }
    const diverged = divergences(cluster.members);
    if (cluster.divergence) diverged.push(cluster.divergence);
    if (health.status === 'diverged' && health.divergence) diverged.push(health.divergence);
    clear(out,
      diverged.length ? h('div', { class: 'divergence', role: 'alert' }, h('strong', {}, 'DIVERGED: '),
        'replicas hold different documents at the same seq. Do not write until it is resolved (see docs/cluster.md).',
        h('ul', {}, diverged.map(d => h('li', {}, d)))) : null,
      h('p', {}, `This node: ${cluster.self}; leader: `, h('strong', {}, cluster.leader ?? 'none (no quorum)'),
        '; health: ', h('span', { class: 'badge ' + (health.status === 'active' ? 'holds' : 'waits'), id: 'health' }, health.status)),
      h('table', { class: 'cluster' },
        h('thead', {}, h('tr', {}, ['name', 'state', 'seq', 'checksum', 'http', 'cluster'].map(t => h('th', {}, t)))),
        h('tbody', {}, cluster.members.map(m => h('tr', { class: 'state-' + m.state, 'data-member': m.name },
          h('td', {}, h('strong', {}, m.name), m.name === cluster.leader ? h('span', { class: 'badge holds' }, 'leader') : null,
            m.name === cluster.self ? h('span', { class: 'muted' }, ' (this node)') : null),
          h('td', {}, m.state),
          h('td', { class: 'num' }, m.seq),
          h('td', {}, h('code', { title: m.checksum }, (m.checksum || '').slice(0, 23) + '…')),
          h('td', {}, h('code', {}, m.http)),
          h('td', {}, h('code', {}, m.cluster)))))));
  }
}

/** Descriptions of every seq that members report with more than one checksum. */
export function divergences(members) {
  const bySeq = new Map();
  for (const m of members) {
    if (m.seq === undefined || m.seq === null || !m.checksum) continue;
    if (!bySeq.has(m.seq)) bySeq.set(m.seq, new Map());
    const sums = bySeq.get(m.seq);
    if (!sums.has(m.checksum)) sums.set(m.checksum, []);
    sums.get(m.checksum).push(m.name);
  }
  const out = [];
  for (const [seq, sums] of bySeq) {
    if (sums.size > 1) {
      out.push(`seq ${seq}: ` + [...sums].map(([sum, names]) => `${names.join(', ')} ${sum.slice(0, 19)}…`).join(' vs '));
    }
  }
  return out;
}
