import { ChatError } from './errors.js';

/** The server events of calls; the client emits them as they come (client.on or client.calls.on). */
export const CALL_EVENTS = ['incoming-call', 'call-answered', 'ice-candidate', 'call-ended'];

/**
 * The call signaling API (client.calls): one method per client event of docs/PROTOCOL.md "Calls".
 * A call belongs to the connection that placed or answered it, so none of these is queued while
 * disconnected or repeated after a drop (the server ends the call `disconnected` then): they reject
 * with `disconnected` instead.
 */
export class CallSignaling {
  #request;
  #client;

  constructor(request, client) {
    this.#request = request;
    this.#client = client;
  }

  /** Rings every connection of userId; resolves with { success, callId }. A busy callee ends it with call-ended {reason: 'busy'}. */
  callUser(userId, { media = 'audio', offer } = {}) {
    return this.#request('call-user', { targetUserId: userId, media, offer: description(offer) }, { bound: true });
  }

  /** The callee answers; the first answering connection wins (the others get call-ended answered-elsewhere). */
  answer(callId, answer) {
    return this.#request('call-answer', { callId, answer: description(answer) }, { bound: true });
  }

  /** Relays one ICE candidate (an RTCIceCandidate or its JSON) to the other party. */
  sendCandidate(callId, candidate) {
    const json = typeof candidate?.toJSON === 'function' ? candidate.toJSON() : candidate;
    return this.#request('ice-candidate', { callId, candidate: json }, { bound: true });
  }

  /** The callee declines (from any of its connections). */
  reject(callId) {
    return this.#request('call-reject', { callId }, { bound: true });
  }

  /** Either party hangs up. */
  end(callId) {
    return this.#request('call-end', { callId }, { bound: true });
  }

  /** Subscribes to incoming-call, call-answered, ice-candidate or call-ended; returns the unsubscribe function. */
  on(event, handler) {
    if (!CALL_EVENTS.includes(event)) throw new TypeError(`not a call event: ${event}`);
    return this.#client.on(event, handler);
  }

  off(event, handler) {
    this.#client.off(event, handler);
  }
}

/** { type, sdp } of an RTCSessionDescription (or the plain object itself). */
function description(value) {
  if (value == null || typeof value !== 'object') throw new TypeError('an offer/answer {type, sdp} is required');
  return { type: value.type, sdp: value.sdp };
}

/** GET /api/ice-servers with the client's token: { iceServers, ttl }. */
export async function fetchIceServers(httpBase, token, fetchImpl = globalThis.fetch) {
  const response = await fetchImpl(new URL('/api/ice-servers', httpBase), { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw httpError(response.status, 'GET /api/ice-servers');
  return response.json();
}

/** A ChatError for an HTTP status: 401 auth_failed, 404 not_found, 429 rate_limited, else http_<status>. */
export function httpError(status, what) {
  const code = { 401: 'auth_failed', 403: 'forbidden', 404: 'not_found', 416: 'range_not_satisfiable', 429: 'rate_limited' }[status] ?? `http_${status}`;
  return new ChatError(code, `${what}: HTTP ${status}`);
}
