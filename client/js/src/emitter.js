/** A minimal event emitter that works the same in browsers and Node. */
export class Emitter {
  #handlers = new Map();

  /** Adds a handler; returns a function that removes it again. */
  on(event, handler) {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    if (!this.#handlers.has(event)) this.#handlers.set(event, new Set());
    this.#handlers.get(event).add(handler);
    return () => this.off(event, handler);
  }

  off(event, handler) {
    this.#handlers.get(event)?.delete(handler);
  }

  emit(event, payload) {
    for (const handler of [...(this.#handlers.get(event) ?? [])]) {
      try {
        handler(payload);
      } catch (err) {
        // A failing app handler must not break the client's frame loop; surface it like an uncaught error.
        queueMicrotask(() => { throw err; });
      }
    }
  }
}
