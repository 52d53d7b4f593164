// Test support: the gateway launcher shared with the Socket.IO suite (tests/socketio-node),
// plus ChatClient helpers. Build the gateway first: `dotnet build gateway` in the repository root.

import WebSocket from 'ws';
import { ChatClient } from '../src/index.js';
import { delay, devToken, repoRoot, startGateway as startSharedGateway, uniqueId } from '../../../tests/socketio-node/support/gateway.js';

export { delay, devToken, repoRoot, uniqueId };

/** Starts a single-node gateway (extra configuration `settings`) with its native endpoint's URL; call stop() at the end. */
export async function startGateway(settings = {}) {
  const gateway = await startSharedGateway(settings);
  return { ...gateway, wsUrl: `${gateway.baseUrl.replace(/^http/, 'ws')}/ws` };
}

/** A ChatClient for a fresh dev token of userId, with quick reconnects; not connected yet. */
export async function newClient(gateway, userId, options = {}) {
  const token = await devToken(gateway.baseUrl, userId);
  return new ChatClient({
    url: gateway.wsUrl,
    token,
    WebSocket,
    reconnect: { minDelayMs: 100, maxDelayMs: 1000 },
    ackTimeoutMs: 10_000,
    ...options,
  });
}

/** Resolves with the first payload of `event` that matches, or rejects after timeoutMs. */
export function nextEvent(client, event, predicate = () => true, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no ${event} within ${timeoutMs} ms`)); }, timeoutMs);
    const off = client.on(event, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Polls until check() is truthy. */
export async function waitUntil(check, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

/**
 * A WebSocket class (for the ChatClient's `WebSocket` option) that records every frame the client
 * writes, parsed, in `frames`: tests check what went over the wire (which chunks, which resume).
 */
export function recordingWebSocket(frames) {
  return class RecordingWebSocket extends WebSocket {
    send(data, ...rest) {
      frames.push(JSON.parse(data));
      super.send(data, ...rest);
    }
  };
}

/** One request on a fresh native connection of a user (for what the SDK has no method for); resolves with its ack. */
export async function rawRequest(gateway, token, type, data) {
  const socket = new WebSocket(`${gateway.wsUrl}?token=${encodeURIComponent(token)}`);
  try {
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
    const ack = new Promise((resolve) => {
      socket.on('message', (raw) => {
        const frame = JSON.parse(String(raw));
        if (frame.type === 'ack' && frame.id === 'raw-1') resolve(frame.data);
      });
    });
    socket.send(JSON.stringify({ type, id: 'raw-1', data }));
    return await ack;
  } finally {
    socket.terminate();
  }
}
