// Server-sent events over fetch rather than EventSource, which cannot send the
// Authorization header. Resumes with Last-Event-ID after a loss, backing off up to 15 s,
// and treats 45 s without a byte (the server sends a heartbeat every 15 s) as a loss.

import { authHeaders, parseJson } from './api.js';

const QUIET_LIMIT_MS = 45000;
const MAX_RETRY_MS = 15000;

/**
 * Follows url. onEvent({id, event, data}) for each event; onState(state, detail) with
 * state 'connecting', 'open', 'resumed', 'lost' (detail: ms until the next try) or
 * 'refused' (detail: the problem body; retried too, as a token may be entered meanwhile).
 */
export function follow(url, { onEvent, onState, headers }) {
  let lastId = null;
  let stopped = false;
  let controller = null;
  let everOpen = false;
  let wake = null;
  let restarting = false;

  async function run() {
    let retry = 1000;
    while (!stopped) {
      let refused = false;
      controller = new AbortController();
      onState('connecting');
      try {
        const h = authHeaders(headers);
        h.set('Accept', 'text/event-stream');
        if (lastId !== null) h.set('Last-Event-ID', lastId);
        const response = await fetch(url, { headers: h, signal: controller.signal, cache: 'no-store' });
        if (!response.ok) {
          let body;
          try { body = await response.json(); } catch { body = { status: response.status, title: response.statusText }; }
          onState('refused', body);
          refused = true;
        } else {
          onState(everOpen ? 'resumed' : 'open');
          everOpen = true;
          retry = 1000;
          await read(response.body, controller);
        }
      } catch (e) {
        if (stopped) return;
      }
      if (stopped) return;
      if (restarting) {
        restarting = false;
        continue;
      }
      // A refusal stays on screen until the next try; a new token restarts at once.
      if (!refused) onState('lost', retry);
      await new Promise(resolve => { wake = resolve; setTimeout(resolve, refused ? MAX_RETRY_MS : retry); });
      wake = null;
      retry = Math.min(retry * 2, MAX_RETRY_MS);
    }
  }

  async function read(body, aborter) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let watchdog = setTimeout(() => aborter.abort(), QUIET_LIMIT_MS);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        clearTimeout(watchdog);
        watchdog = setTimeout(() => aborter.abort(), QUIET_LIMIT_MS);
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } finally {
      clearTimeout(watchdog);
    }
  }

  function dispatch(frame) {
    let id = null;
    let event = 'message';
    const data = [];
    for (const line of frame.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (id === null && data.length === 0) return;
    if (id !== null) lastId = id;
    const text = data.join('\n');
    let parsed = null;
    if (text) {
      try { parsed = parseJson(text); } catch { parsed = text; }
    }
    onEvent({ id, event, data: parsed });
  }

  run();
  return {
    stop() {
      stopped = true;
      if (controller) controller.abort();
    },
    /** Drops the connection now (a new token, say) and reconnects, resuming where it was. */
    restart() {
      if (wake) {
        wake();
      } else {
        restarting = true;
        if (controller) controller.abort();
      }
    },
  };
}
