// Embedding the rappel:engine component in Node.js.
//
// `gen/` is the component transpiled by jco (`npm run build`): plain ES modules plus
// the core wasm. The component imports nothing, so no WASI shim is involved and the
// guest can reach nothing of the host: no files, no network, no clock.
//
// V8 has no fuel metering, so the time limit is a worker thread: calls run in a warm
// worker; a call that overruns its budget gets the worker terminated (and a new one
// started for the next call). An order check that times out or traps fails closed: it
// answers "hold" with the reason, never "approve".

import { Worker } from 'node:worker_threads';

export * as engine from './gen/rappel_engine.js';

/** A call that did not finish within its time limit. */
export class TimeoutError extends Error {}

/** The engine answered `err(error)`: `error` is the WIT error record. */
export class EngineError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.code;
    this.path = error.path;
    this.line = error.line;
    this.problems = error.problems;
  }
}

/**
 * A warm worker running the engine. `call(interface, fn, args, ms)` resolves with the
 * result, rejects with an EngineError for bad input, or with a TimeoutError after `ms`
 * (the worker is then terminated and replaced on the next call).
 */
export class EngineWorker {
  #worker = null;
  #next = 1;
  #pending = new Map();

  #start() {
    const w = new Worker(new URL('./worker.mjs', import.meta.url));
    w.on('message', ({ id, ok, value, error, trap }) => {
      const p = this.#pending.get(id);
      if (!p) return;
      this.#pending.delete(id);
      clearTimeout(p.timer);
      if (ok) p.resolve(value);
      else if (error) p.reject(new EngineError(error));
      else p.reject(new Error(`engine trapped: ${trap}`));
    });
    w.on('error', (e) => this.#fail(w, e));
    w.on('exit', () => this.#fail(w, new Error('engine worker exited')));
    w.unref();
    this.#worker = w;
    return w;
  }

  #fail(w, e) {
    if (this.#worker === w) this.#worker = null;
    for (const [id, p] of this.#pending) {
      if (p.worker === w) {
        clearTimeout(p.timer);
        this.#pending.delete(id);
        p.reject(e);
      }
    }
  }

  call(iface, fn, args, ms) {
    const w = this.#worker ?? this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        if (this.#worker === w) this.#worker = null;
        w.terminate();
        reject(new TimeoutError(`${iface}.${fn} took longer than ${ms} ms`));
      }, ms);
      this.#pending.set(id, { resolve, reject, timer, worker: w });
      w.postMessage({ id, iface, fn, args });
    });
  }

  /** Stops the worker. */
  close() {
    this.#worker?.terminate();
    this.#worker = null;
  }
}

/** The fail-closed answer to an order check the engine could not make. */
export function hold(request, reason) {
  return {
    customerId: request.customerId,
    asOf: request.asOf,
    orderAmount: request.orderAmount,
    creditLimit: request.creditLimit,
    exposure: request.exposure,
    available: undefined,
    fits: false,
    decision: 'hold',
    reasons: [{ code: 'engine-unavailable', message: `credit check could not be made, order held: ${reason}` }],
  };
}

/**
 * `check-credit` within `ms` milliseconds; "hold" when the engine times out or traps.
 * Bad input still rejects with an EngineError (it is the caller's to fix).
 */
export async function checkCreditWithin(worker, request, ms) {
  try {
    return await worker.call('credit', 'checkCredit', [request], ms);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    return hold(request, e.message);
  }
}

/** `run-dunning` within `ms` milliseconds. */
export function runDunningWithin(worker, request, ms) {
  return worker.call('collections', 'runDunning', [request], ms);
}
