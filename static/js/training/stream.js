// Reads POST /api/v1/train/stream: fetch + ReadableStream (EventSource cannot POST). The parser is
// pure (text in, events out) so it is unit-tested; `streamTraining` wires it to fetch.
import { ApiError } from '../api.js';

// Server-sent events arrive in arbitrary chunks; feed them in and get whole events out.
export function createEventParser(onEvent) {
  let buffer = '';
  function dispatch(block) {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue; // comments are heartbeats
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) onEvent(event, JSON.parse(data.join('\n')));
  }
  return function push(chunk) {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      dispatch(block);
    }
  };
}

// Starts a run; calls onEvent(name, data) for `start`, `progress`, `result`, `error`. Resolves when
// the stream ends; rejects with ApiError for a refused request (400/422/429) or an AbortError when
// `signal` aborts (which also stops the run on the server: it sees the connection close). There is
// nothing else to cancel, pause or resume: the run lives in its checkpoints (runner.js).
export async function streamTraining(body, { signal, onEvent }) {
  const res = await fetch('/api/v1/train/stream', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    throw new ApiError(res.status, data?.detail ?? null);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const push = createEventParser(onEvent);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    push(value);
  }
}
