// Groups and sessions: members in rank order, holders marked, values and fencing
// tokens; the selected group follows its own event stream.

import { get } from './api.js';
import { h, clear, problemBlock, since } from './dom.js';
import { follow } from './sse.js';
import { jsonText } from './api.js';

export class GroupsView {
  constructor(root) {
    this.root = root;
    this.group = null;
    this.stream = null;
    this.sessions = [];
    root.querySelector('#groups-refresh').addEventListener('click', () => this.refresh());
  }

  async refresh() {
    const list = this.root.querySelector('#group-list');
    try {
      const [groups, sessions] = await Promise.all([get('/groups'), get('/sessions')]);
      this.sessions = sessions.json;
      clear(list, groups.json.length === 0 ? h('p', { class: 'empty' }, 'No group has members.')
        : h('ul', { class: 'groups' }, groups.json.map(g => h('li', {},
          h('button', { class: 'link' + (g.group === this.group ? ' selected' : ''), 'data-group': g.group,
            onclick: () => this.show(g.group) }, g.group), ` ${g.members} member${g.members === 1 ? '' : 's'}`))));
      this.renderSessions();
    } catch (problem) {
      clear(list, problemBlock(problem));
    }
  }

  show(name) {
    this.group = name;
    if (this.stream) this.stream.stop();
    const out = this.root.querySelector('#group');
    clear(out, h('p', { class: 'muted' }, 'Loading…'));
    this.stream = follow('/groups/' + name, {
      onEvent: event => { if (event.event === 'members') this.renderGroup(event.data); },
      onState: (state, detail) => {
        const status = this.root.querySelector('#group-live');
        if (status) status.textContent = state === 'lost' ? 'connection lost; retrying' : state;
        if (state === 'refused') clear(out, problemBlock({ summary: () => `${detail.status} ${detail.title}: ${detail.detail || ''}`, body: {} }));
      },
    });
  }

  stop() {
    if (this.stream) this.stream.stop();
    this.stream = null;
  }

  renderGroup(group) {
    const names = new Map(this.sessions.map(s => [s.id, s.name]));
    clear(this.root.querySelector('#group'),
      h('h3', {}, `Group ${group.group} `, h('span', { id: 'group-live', class: 'muted' }, 'live')),
      h('p', {}, limitText(group.limit), `; rev ${group.rev}`),
      group.members.length === 0 ? h('p', { class: 'empty' }, 'Nobody is in this group.')
        : h('table', { class: 'members' },
          h('thead', {}, h('tr', {}, ['rank', 'member', '', 'token', 'session', 'value', 'since'].map(t => h('th', {}, t)))),
          h('tbody', {}, group.members.map(m => h('tr', { class: m.holder ? 'holder' : 'waiting', 'data-member': m.member },
            h('td', { class: 'num' }, m.rank),
            h('td', {}, h('strong', {}, m.member)),
            h('td', {}, h('span', { class: 'badge ' + (m.holder ? 'holds' : 'waits') }, m.holder ? 'holder' : 'waiting')),
            h('td', { class: 'num' }, m.token),
            h('td', {}, h('code', { title: m.session }, m.session.slice(0, 8) + '…'), names.get(m.session) ? ` ${names.get(m.session)}` : ''),
            h('td', {}, h('code', {}, jsonText(m.value))),
            h('td', { title: m.since }, since(m.since)))))));
  }

  renderSessions() {
    const out = this.root.querySelector('#sessions');
    clear(out, this.sessions.length === 0 ? h('p', { class: 'empty' }, 'No live sessions.')
      : h('table', { class: 'sessions' },
        h('thead', {}, h('tr', {}, ['id', 'name', 'ttl', 'expires'].map(t => h('th', {}, t)))),
        h('tbody', {}, this.sessions.map(s => h('tr', {},
          h('td', {}, h('code', {}, s.id)), h('td', {}, s.name ?? '—'), h('td', {}, s.ttl),
          h('td', { title: s.expires }, since(s.expires)))))));
  }
}

function limitText(limit) {
  if (limit === 1) return 'limit 1, a mutex: rank 1 holds (the leader), the rest wait in order';
  return limit > 0 ? `limit ${limit}: the first ${limit} hold, the rest wait in order` : 'no limit: every member holds';
}
