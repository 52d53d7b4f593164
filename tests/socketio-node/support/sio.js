// Socket.IO client helpers: connect the real socket.io-client to the gateway, record every event,
// wait for events and acks.
import { io } from 'socket.io-client';
import { delay, devToken } from './gateway.js';

export const EVENT_TIMEOUT_MS = 10_000;

/** How a client reaches the server: each core flow runs once per mode. */
export const TRANSPORT_MODES = {
  websocket: { transports: ['websocket'], expected: 'websocket' },
  polling: { transports: ['polling'], expected: 'polling' },
  // socket.io-client's default: open with long-polling, then upgrade to a WebSocket.
  upgrade: { transports: undefined, expected: 'websocket' },
};

/** Every non-reserved event a socket receives, in order, with helpers to wait for one. */
export class EventLog {
  constructor(socket) {
    this.events = [];
    this.waiters = new Set();
    socket.onAny((event, ...args) => {
      const entry = { event, args, payload: args[0] };
      this.events.push(entry);
      for (const waiter of [...this.waiters]) waiter(entry);
    });
  }

  /** The entries of `event` (all arguments), optionally filtered. */
  entries(event, predicate = () => true) {
    return this.events.filter((e) => e.event === event && predicate(e.payload, e));
  }

  /** The payloads (first arguments) of `event`. */
  payloads(event, predicate = () => true) {
    return this.entries(event, predicate).map((e) => e.payload);
  }

  /** Resolves with the first entry of `event` matching predicate, already received or still to come. */
  waitForEntry(event, predicate = () => true, timeoutMs = EVENT_TIMEOUT_MS) {
    const seen = this.events.find((e) => e.event === event && predicate(e.payload, e));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = (entry) => {
        if (entry.event !== event || !predicate(entry.payload, entry)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(entry);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${event} within ${timeoutMs} ms; got: ${JSON.stringify(this.events.map((e) => e.event))}`
          + `; disconnects: ${JSON.stringify(this.disconnects ?? [])}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Like waitForEntry, resolving with the payload. */
  async waitFor(event, predicate = () => true, timeoutMs = EVENT_TIMEOUT_MS) {
    return (await this.waitForEntry(event, predicate, timeoutMs)).payload;
  }

  /** Resolves once `count` entries of `event` match predicate. */
  async waitForCount(event, count, predicate = () => true, timeoutMs = EVENT_TIMEOUT_MS) {
    await waitUntil(() => this.entries(event, predicate).length >= count, timeoutMs,
      () => `${count} x ${event} (have ${this.entries(event, predicate).length})`);
    return this.entries(event, predicate);
  }
}

/**
 * A socket.io-client socket for `url` (not connected yet: autoConnect false, so listeners can be
 * attached first), with an EventLog as socket.log and quick reconnects.
 */
export function createSocket(url, options = {}) {
  const socket = io(url, {
    path: '/socket.io/',
    forceNew: true,
    autoConnect: false,
    reconnectionDelay: 200,
    ...options,
    // The backoff never waits longer than this, so it must not cut a longer reconnectionDelay short.
    reconnectionDelayMax: Math.max(1000, options.reconnectionDelay ?? 0),
  });
  socket.log = new EventLog(socket);
  // Why the socket lost its connection each time (shown when an expected event never comes).
  socket.log.disconnects = [];
  socket.on('disconnect', (reason) => socket.log.disconnects.push(reason));
  // The transport each Engine.IO connection opened with, and the one it upgraded to (if any).
  socket.openedWith = [];
  socket.upgradedTo = [];
  socket.io.on('open', () => {
    const engine = socket.io.engine;
    socket.openedWith.push(engine.transport.name);
    engine.on('upgrade', (transport) => socket.upgradedTo.push(transport.name));
  });
  return socket;
}

/** Resolves on the socket's next `connect`, rejects on `connect_error` (with the error) or timeout. */
export function connectOutcome(socket, timeoutMs = EVENT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
    };
    const onConnect = () => { cleanup(); resolve(socket); };
    const onError = (error) => { cleanup(); reject(error); };
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no connect within ${timeoutMs} ms`)); }, timeoutMs);
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

/** Resolves with the connect_error the socket gets, rejects if it connects instead. */
export function expectConnectError(socket, timeoutMs = EVENT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('connect_error', onError);
      socket.off('connect', onConnect);
    };
    const onError = (error) => { cleanup(); resolve(error); };
    const onConnect = () => { cleanup(); reject(new Error('connected, expected connect_error')); };
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no connect_error within ${timeoutMs} ms`)); }, timeoutMs);
    socket.on('connect_error', onError);
    socket.on('connect', onConnect);
    socket.connect();
  });
}

/** emit with an ack callback; resolves with the ack's first argument. */
export function request(socket, event, payload, timeoutMs = EVENT_TIMEOUT_MS) {
  return socket.timeout(timeoutMs).emitWithAck(event, payload);
}

/**
 * Connects a chat user (fresh dev token, CONNECT auth {token}; to options.url, default the
 * gateway itself, e.g. a proxy in front of it) and resolves once its `connected`
 * event arrived and the session finished opening: events of one connection are handled in order
 * after the connect handler, so an ack to a no-op (stop-typing where it never typed) proves that the
 * user's presence, rooms and pending messages are in place.
 */
export async function connectUser(gateway, userId, { url = gateway.baseUrl, ...options } = {}) {
  const token = await devToken(gateway.baseUrl, userId);
  const socket = createSocket(url, { auth: { token }, ...options });
  socket.userId = userId;
  socket.token = token;
  const opened = connectOutcome(socket);
  socket.connect();
  await opened;
  await socket.log.waitFor('connected');
  await settle(socket);
  return socket;
}

/** An ack round trip that changes nothing (see connectUser). */
export async function settle(socket) {
  const ack = await request(socket, 'stop-typing', { roomId: 'settle-no-such-room' });
  if (ack?.success !== true) throw new Error(`settle: ${JSON.stringify(ack)}`);
}

/** Resolves once socket.io.engine uses `name` ("websocket" / "polling"). */
export async function waitForTransport(socket, name, timeoutMs = EVENT_TIMEOUT_MS) {
  await waitUntil(() => socket.io.engine?.transport?.name === name, timeoutMs, () => `transport ${name} (is ${socket.io.engine?.transport?.name})`);
}

/** Polls until check() is truthy. */
export async function waitUntil(check, timeoutMs = EVENT_TIMEOUT_MS, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await delay(20);
  }
}

/** Closes every given socket (ignores undefined). */
export function closeAll(...sockets) {
  for (const socket of sockets) socket?.disconnect();
}
