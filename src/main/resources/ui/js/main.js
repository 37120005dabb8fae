// Wires the views: tabs, the token field, the version in the header, and the live
// stream that drives the tree and history after every commit.

import { get, onProblem, setToken, token } from './api.js';
import { $, h, clear } from './dom.js';
import { parsePath } from './paths.js';
import { follow } from './sse.js';
import { TreeView } from './tree.js';
import { renderDetails } from './details.js';
import { EditView } from './edit.js';
import { HistoryView } from './history.js';
import { GroupsView } from './groups.js';
import { ClusterView } from './cluster.js';

const VIEWS = ['tree', 'edit', 'history', 'groups', 'cluster'];
const state = { seq: null };

const edit = new EditView($('#view-edit'));
const history = new HistoryView($('#view-history'), { lockNameInput: $('#lock-name') });
const groups = new GroupsView($('#view-groups'));
const cluster = new ClusterView($('#view-cluster'));
const tree = new TreeView($('#tree'), {
  onSelect: entry => renderDetails($('#details'), entry, { onEdit: (pointerText, value) => {
    edit.prefill(pointerText, value);
    location.hash = 'edit';
  } }),
  onVersion: showVersion,
  onProblem: problem => notice(problem),
});

function showVersion(seq, checksum) {
  if (seq === null || seq === undefined) return;
  state.seq = Number(seq);
  $('#seq').textContent = seq;
  if (checksum) {
    $('#checksum').textContent = checksum.slice(0, 23) + '…';
    $('#checksum').title = checksum;
  }
}

function notice(problem) {
  const box = $('#notice');
  if (problem.status === 401) {
    clear(box, h('div', { class: 'auth' }, h('strong', {}, '401 Unauthorized: '), problem.detail,
      ' — enter an access token above.'));
  } else if (problem.status === 403) {
    clear(box, h('div', { class: 'auth' }, h('strong', {}, '403 Forbidden: '), problem.detail));
  }
}
onProblem(notice);

function current() {
  const name = location.hash.replace(/^#/, '');
  return VIEWS.includes(name) ? name : 'tree';
}

function route() {
  const view = current();
  for (const name of VIEWS) {
    $('#view-' + name).hidden = name !== view;
    $(`nav a[href="#${name}"]`).setAttribute('aria-current', name === view ? 'page' : 'false');
  }
  if (view === 'edit') edit.refreshLock().then(() => edit.review());
  if (view === 'history') history.refresh();
  if (view === 'groups') groups.refresh(); else groups.stop();
  if (view === 'cluster') cluster.refresh();
}

async function openPath() {
  const text = $('#path').value;
  try {
    await tree.open(parsePath(text));
  } catch (e) {
    clear($('#details'), h('div', { class: 'problem' }, e.message));
  }
}

/** After a commit: what changed since the seq shown, then every view that shows the document. */
async function committed(seq) {
  if (state.seq !== null && seq <= state.seq) return;
  let changed = [];
  if (state.seq !== null) {
    try {
      const since = (await get(`/versions?limit=${Math.min(100, seq - state.seq)}`)).json;
      changed = since.filter(v => v.seq > state.seq).flatMap(v => v.changed);
    } catch { /* history needs read on /; the tree still refreshes */ }
  }
  showVersion(seq);
  await tree.refresh(changed);
  if (current() === 'history') history.refresh();
  if (current() === 'edit') edit.refreshLock();
}

let wasLost = false;
const live = follow('/watch/?outline=true', {
  onEvent: event => {
    if (event.id !== null && (event.event === 'value' || event.event === 'absent')) committed(Number(event.id));
  },
  onState: (status, detail) => {
    const box = $('#live');
    box.className = 'live ' + status;
    if (status === 'open') box.textContent = 'live';
    else if (status === 'resumed') box.textContent = 'live (resumed after a lost connection)';
    else if (status === 'lost') {
      wasLost = true;
      box.dataset.losses = String(Number(box.dataset.losses || 0) + 1);
      box.textContent = `connection lost; retrying in ${Math.round(detail / 1000)}s`;
    } else if (status === 'refused') box.textContent = `live updates refused: ${detail.status} ${detail.title}`;
    else box.textContent = wasLost ? 'reconnecting…' : 'connecting…';
  },
});

$('#token').value = token() ? '••••••••' : '';
$('#token-form').addEventListener('submit', event => {
  event.preventDefault();
  const value = $('#token').value.trim();
  if (value && value !== '••••••••') setToken(value);
  $('#token').value = token() ? '••••••••' : '';
  $('#token-state').textContent = token() ? 'token set (this tab only)' : 'no token';
  clear($('#notice'));
  live.restart();
  openPath();
  route();
});
$('#token-forget').addEventListener('click', () => {
  setToken('');
  $('#token').value = '';
  $('#token-state').textContent = 'no token';
  live.restart();
  openPath();
});
$('#token-state').textContent = token() ? 'token set (this tab only)' : 'no token';
$('#path-form').addEventListener('submit', event => { event.preventDefault(); openPath(); });

window.addEventListener('hashchange', route);
setInterval(() => {
  if (document.hidden) return;
  if (current() === 'edit') edit.refreshLock();
  if (current() === 'cluster') cluster.refresh();
}, 2000);
route();
openPath();
