// The engine in a worker thread: receives {id, iface, fn, args}, answers {id, ok, value}
// or {id, ok: false, error} for an `err` result or {id, ok: false, trap} for a trap.
import { parentPort } from 'node:worker_threads';
import * as engine from './gen/rappel_engine.js';

parentPort.on('message', ({ id, iface, fn, args }) => {
  try {
    const value = engine[iface][fn](...args);
    parentPort.postMessage({ id, ok: true, value });
  } catch (e) {
    if (e && e.payload !== undefined) {
      parentPort.postMessage({ id, ok: false, error: e.payload });
    } else {
      parentPort.postMessage({ id, ok: false, trap: String(e && e.message ? e.message : e) });
    }
  }
});
