// Runs the store's training runs over POST /api/v1/train/stream. The server keeps nothing: pausing
// closes the streams (each run keeps its last checkpoint in the store), resuming opens new ones with
// `resume_from`, and a new speed is a resume at that pace. Whichever server process answers, the run
// continues bit for bit where its checkpoint left it.
import { resumeBodies } from './state.js';
import { streamTraining } from './stream.js';

export function createRunner(store, { stream = streamTraining, onFailure = () => {} } = {}) {
  let controller = null;

  async function go() {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const bodies = resumeBodies(store.getState());
    const outcomes = await Promise.allSettled(Object.entries(bodies).map(([name, body]) => stream(body, {
      signal: mine.signal,
      onEvent: (event, data) => { if (controller === mine) deliver(name, event, data); },
    }).catch((err) => { err.run = name; throw err; })));
    if (controller !== mine) return; // paused, reset, or resumed at another pace meanwhile
    controller = null;
    for (const o of outcomes) {
      if (o.status === 'rejected' && o.reason?.name !== 'AbortError') {
        store.actions.runFailed(o.reason.run, o.reason);
        onFailure(o.reason, o.reason.run);
      }
    }
    store.actions.finish();
  }

  function deliver(name, event, data) {
    if (event === 'progress') store.actions.progress(name, data);
    else if (event === 'result') store.actions.result(name, data);
    else if (event === 'error') {
      const err = new Error(data.detail?.message);
      err.detail = data.detail;
      store.actions.runFailed(name, err);
      onFailure(err, name);
    }
  }

  const stop = () => { controller?.abort(); controller = null; };

  return {
    start(bodies) { stop(); store.actions.startRuns(bodies); return go(); },
    pause() { stop(); store.actions.pause(); },
    resume() { store.actions.resume(); return go(); },
    // A new speed takes effect at once: a running run continues from its last checkpoint at that pace.
    setPace(pace) {
      store.actions.setPace(pace);
      if (store.getState().status === 'running') { stop(); store.actions.resume(); return go(); }
      return null;
    },
    stop,
    get busy() { return controller !== null; },
  };
}
