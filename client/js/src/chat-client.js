import { Emitter } from './emitter.js';
import { ChatError } from './errors.js';
import { ConversationTracker, conversationIdOf } from './conversation-tracker.js';
import { ChangeTracker } from './change-tracker.js';
import { conversationsBehind, fetchChanges } from './change-recovery.js';
import { UnreadTracker } from './unread-tracker.js';
import { runUpload, toBase64 } from './uploads.js';
import { downloadFileFrom, fileUrlOf, httpBaseOf } from './files.js';
import { CallSignaling, fetchIceServers } from './calls.js';
import { acceptPeerCall, startPeerCall } from './peer-call.js';

const DEFAULT_RECONNECT = { attempts: Infinity, minDelayMs: 250, maxDelayMs: 10_000, jitter: 0.5 };
const DEFAULT_ACK_TIMEOUT_MS = 15_000;
const OPEN = 1; // WebSocket.OPEN, the same in every implementation
const HISTORY_PAGE = 100; // the server's largest get-private-history page

/**
 * Client for the Orleans.Chat native WebSocket protocol (GET /ws).
 *
 * Every request carries an id and settles with its ack. Requests made while disconnected are
 * queued; unacked requests are re-sent after a reconnect (messages keep their clientMsgId, so
 * the server stores them once). Room messages are delivered to the app exactly once, in seq
 * order, also across reconnects: the client re-joins its rooms with sinceSeq and replays what
 * it missed before live messages. Private messages likewise reach the app once per
 * (conversationId, seq), in seq order per conversation, from live events, pending-messages and
 * history: after a reconnect (or a gap in a conversation's seqs) the client fetches what it missed.
 */
export class ChatClient {
  #url;
  #getToken;
  #WebSocket;
  #reconnect;
  #ackTimeoutMs;
  #events = new Emitter();

  #socket = null;
  #state = 'disconnected';
  #session = null;
  #everConnected = false;
  #closedByUser = false;
  #status = null;
  #attempt = 0;
  #retryTimer = null;
  #connectWaiter = null;
  #connectPromise = null;
  #nextId = 0;
  /** Unacked requests by id, in the order they were made: the outbox. */
  #requests = new Map();
  /** roomId -> { lastSeq: number | null, buffer: message[] | null (set while the room recovers) }. */
  #rooms = new Map();
  /** Direct conversations: the seq given to the app per conversation, and their catch-ups. */
  #conversations = new ConversationTracker();
  /** Edits and deletes given to the app, per room and per conversation (their changeSeq order). */
  #roomChanges = new ChangeTracker();
  #conversationChanges = new ChangeTracker();
  #unread = new UnreadTracker();
  /** The token of the live connection (or the last one): file URLs carry it. */
  #token = null;
  #calls = new CallSignaling((type, data, options) => this.#request(type, data, options), this);

  constructor({ url, token, getToken, WebSocket, reconnect, ackTimeoutMs } = {}) {
    if (!url) throw new TypeError('url is required');
    if (!token && !getToken) throw new TypeError('token or getToken is required');
    this.#url = url;
    this.#getToken = getToken ?? (async () => token);
    this.#WebSocket = WebSocket ?? globalThis.WebSocket;
    if (!this.#WebSocket) throw new TypeError('No WebSocket implementation: pass { WebSocket } (e.g. from the ws package)');
    this.#reconnect = { ...DEFAULT_RECONNECT, ...reconnect };
    this.#ackTimeoutMs = ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  }

  /** connecting | connected | reconnecting | disconnected */
  get state() { return this.#state; }

  /** The payload of the last `connected` event. */
  get session() { return this.#session; }

  /** The underlying WebSocket (for diagnostics and tests, e.g. to simulate a dropped connection). */
  get socket() { return this.#socket; }

  /** The highest seq of the room the app has been given, or null when unknown. */
  lastSeq(roomId) { return this.#rooms.get(roomId)?.lastSeq ?? null; }

  /** The highest seq of the direct conversation the app has been given, or null when unknown. */
  lastConversationSeq(conversationId) { return this.#conversations.lastSeq(conversationId); }

  /** The highest changeSeq (edit or delete) of the room the app has been given, or null when unknown. */
  lastChangeSeq(roomId) { return this.#roomChanges.lastChangeSeq(roomId); }

  /** The highest changeSeq of the direct conversation the app has been given, or null when unknown. */
  lastConversationChangeSeq(conversationId) { return this.#conversationChanges.lastChangeSeq(conversationId); }

  /** The user's unread messages in the room, as the server counts them (others' messages after the read cursor, not deleted). */
  unread(roomId) { return this.#unread.unread(roomId); }

  /** The user's unread messages in the direct conversation (lastSeq - read cursor). */
  conversationUnread(conversationId) { return this.#unread.conversationUnread(conversationId); }

  on(event, handler) { return this.#events.on(event, handler); }

  off(event, handler) { this.#events.off(event, handler); }

  /** Opens the connection; resolves with the `connected` payload, rejects when the first attempt fails. */
  connect() {
    if (this.#state === 'connected') return Promise.resolve(this.#session);
    if (this.#connectPromise) return this.#connectPromise;
    this.#closedByUser = false;
    this.#connectPromise = new Promise((resolve, reject) => { this.#connectWaiter = { resolve, reject }; });
    if (this.#state === 'disconnected') {
      this.#attempt = 0;
      this.#setState('connecting');
      this.#open();
    }
    return this.#connectPromise;
  }

  /** Closes for good: no reconnect; unacked requests reject with code `closed`. */
  close() {
    this.#closedByUser = true;
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#socket = null;
    if (socket) socket.close(1000);
    this.#settleConnect(new ChatError('closed', 'Client closed'));
    this.#failAll(new ChatError('closed', 'Client closed'));
    this.#setState('disconnected');
  }

  joinRoom(roomId, { sinceSeq, sinceChangeSeq } = {}) {
    return this.#request('join-room', sinceSeq == null ? { roomId } : { roomId, sinceSeq, sinceChangeSeq })
      .then((ack) => this.#onJoined(roomId, ack));
  }

  leaveRoom(roomId) {
    return this.#request('leave-room', { roomId }).then((ack) => {
      this.#forgetRoom(roomId);
      return ack;
    });
  }

  createRoom({ roomId, name, visibility, members } = {}) {
    return this.#request('create-room', { roomId, name, visibility, members }).then((ack) => {
      // A room created now has no messages yet, so 0 is a safe baseline for recovery.
      if (!this.#rooms.has(roomId)) this.#rooms.set(roomId, { lastSeq: 0, buffer: null });
      return ack;
    });
  }

  invite(roomId, userId) {
    return this.#request('invite', { roomId, userId });
  }

  sendMessage(roomId, content, { type, clientMsgId = newClientMsgId() } = {}) {
    return this.#request('message', { roomId, content, type, clientMsgId });
  }

  typing(roomId) {
    return this.#request('typing', { roomId }, { resend: false });
  }

  stopTyping(roomId) {
    return this.#request('stop-typing', { roomId }, { resend: false });
  }

  /** The status is restored after a reconnect (a new connection starts `online`). */
  updateStatus(status) {
    return this.#request('update-status', { status }).then((ack) => {
      this.#status = status;
      return ack;
    });
  }

  getHistory(roomId, { beforeSeq, afterSeq, limit } = {}) {
    return this.#request('get-history', { roomId, beforeSeq, afterSeq, limit });
  }

  ping() {
    return this.#request('ping', {}, { resend: false });
  }

  // --- direct conversations ---

  /** Stores a private message in the conversation with targetUserId; the ack carries its conversationId and seq. */
  sendPrivateMessage(targetUserId, content, { type, clientMsgId = newClientMsgId() } = {}) {
    return this.#request('private-message', { targetUserId, content, type, clientMsgId }).then((ack) => {
      this.#conversations.sent(ack.conversationId, targetUserId, ack.seq);
      return ack;
    });
  }

  /** The user's conversations, most recently active first, each with its lastSeq, lastMessage and unread count. */
  getConversations({ limit } = {}) {
    return this.#request('get-conversations', { limit }).then((ack) => {
      for (const summary of ack.conversations ?? []) this.#emitUnread(this.#unread.conversationSummary(summary));
      return ack;
    });
  }

  /**
   * A page of the conversation with withUserId, ascending by seq: with afterSeq the oldest above it,
   * otherwise the newest below beforeSeq (or the newest of all, after which live messages follow
   * with seq above the ack's lastSeq).
   */
  getPrivateHistory(withUserId, { beforeSeq, afterSeq, limit } = {}) {
    return this.#request('get-private-history', { withUserId, beforeSeq, afterSeq, limit }).then((ack) => {
      if (beforeSeq == null && afterSeq == null) this.#conversations.historyLoaded(ack.conversationId, withUserId, ack.lastSeq);
      this.#conversationChanges.known(ack.conversationId, ack.lastChangeSeq);
      return ack;
    });
  }

  /** Moves the user's read cursor of the conversation (forward only); seq defaults to the last one the app was given. */
  markConversationRead(withUserId, seq) {
    seq ??= this.#conversations.lastSeq(this.#conversations.conversationWith(withUserId));
    if (seq == null) return Promise.reject(new TypeError(`No seq given, and no message of the conversation with ${withUserId} seen yet`));
    return this.#request('mark-read', { withUserId, seq }).then((ack) => {
      const conversationId = this.#conversationIdWith(withUserId);
      if (conversationId) this.#emitUnread(this.#unread.conversationRead(conversationId, seq));
      return ack;
    });
  }

  // --- message changes, read state, room list ---

  /** Edits one's own message: target is a roomId, `{ roomId }` or `{ withUserId }` (a direct conversation). */
  editMessage(target, seq, content) {
    return this.#scoped(target, (scope) => this.#request('edit-message', { ...scope, seq, content }));
  }

  /** Deletes a message (one's own; in a room also as its owner or an admin); it stays as a tombstone. */
  deleteMessage(target, seq) {
    return this.#scoped(target, (scope) => this.#request('delete-message', { ...scope, seq }));
  }

  /**
   * Moves the read cursor of a room or conversation forward (target as for editMessage); seq defaults
   * to the last one the app was given. Clears the unread count up to it.
   */
  markRead(target, seq) {
    return this.#scoped(target, (scope) => {
      if (scope.withUserId != null) return this.markConversationRead(scope.withUserId, seq);
      const readSeq = seq ?? this.lastSeq(scope.roomId);
      if (readSeq == null) return Promise.reject(new TypeError(`No seq given, and no message of room ${scope.roomId} seen yet`));
      return this.#request('mark-read', { roomId: scope.roomId, seq: readSeq }).then((ack) => {
        this.#emitUnread(this.#unread.roomRead(scope.roomId, readSeq));
        return ack;
      });
    });
  }

  /** The messages of a room or conversation changed after sinceChangeSeq (their current state), in change order. */
  getChanges(target, { sinceChangeSeq = 0, limit } = {}) {
    return this.#scoped(target, (scope) => this.#request('get-changes', { ...scope, sinceChangeSeq, limit }));
  }

  /** The user's rooms, most recently active first, with role, last message and unread count. */
  getRooms({ limit } = {}) {
    return this.#request('get-rooms', { limit }).then((ack) => {
      for (const summary of ack.rooms ?? []) this.#emitUnread(this.#unread.roomSummary(summary));
      return ack;
    });
  }

  // --- room moderation and app-defined events ---

  /** Owner only: makes a member an admin, or an admin a member again. */
  setRole(roomId, userId, role) {
    return this.#request('set-role', { roomId, userId, role });
  }

  /** Owner or admin: removes a member (from a private room for good). */
  kick(roomId, userId) {
    return this.#request('kick', { roomId, userId });
  }

  /** Owner or admin: changes the room's name and/or topic; the ack carries the room. */
  updateRoom(roomId, { name, topic } = {}) {
    return this.#request('update-room', { roomId, name, topic });
  }

  /** Relays an app-defined event to the room's other members (not stored; not repeated after a drop). */
  sendRoomEvent(roomId, event, data = null) {
    return this.#request('room-event', { roomId, event, data }, { resend: false });
  }

  // --- files and calls (uploads.js, files.js, calls.js, peer-call.js) ---

  /**
   * Uploads a file into a room ({ roomId }) or a direct conversation ({ withUserId }) in chunks, resuming
   * after a reconnect; resolves with the upload-complete ack { file, messageId, seq, timestamp, conversationId? }.
   */
  uploadFile(input, options = {}) {
    return runUpload({
      request: (type, data, opts) => this.#request(type, data, opts),
      encodeChunk: toBase64,
      isConnected: () => this.#state === 'connected',
      whenConnected: () => this.#whenConnected(),
      isConnectionLoss: (err) => err?.code === 'disconnected',
    }, input, options);
  }

  /** Absolute URL of a file ({ id, url } or an id) with ?token=, for <img src> / <a href>. */
  fileUrl(file) {
    if (!this.#token) throw new ChatError('disconnected', 'No token yet: connect first');
    return fileUrlOf(httpBaseOf(this.#url), file, this.#token);
  }

  /** Downloads a file with an Authorization header (a fresh token from getToken); resolves with its bytes. */
  async downloadFile(file, { signal } = {}) {
    return downloadFileFrom(httpBaseOf(this.#url), file, await this.#getToken(), { signal });
  }

  /** GET /api/ice-servers: { iceServers: [{ urls, username?, credential? }], ttl }. */
  async getIceServers() {
    return fetchIceServers(httpBaseOf(this.#url), await this.#getToken());
  }

  /** Call signaling: callUser, answer, sendCandidate, reject, end, and the call events. */
  get calls() { return this.#calls; }

  /** Browser: places a WebRTC call to userId (see PeerCall); resolves once the server gave it an id. */
  startCall(userId, options) { return startPeerCall(this, userId, options); }

  /** Browser: answers an incoming-call event with a WebRTC connection (see PeerCall). */
  acceptCall(incoming, options) { return acceptPeerCall(this, incoming, options); }

  /** Resolves on the next `connected` state (at once when connected); rejects when the client gives up or closes. */
  #whenConnected() {
    if (this.#state === 'connected') return Promise.resolve();
    if (this.#closedByUser) return Promise.reject(new ChatError('closed', 'Client closed'));
    return new Promise((resolve, reject) => {
      const off = this.on('state', (state) => {
        if (state === 'connected') resolve();
        else if (state === 'disconnected') reject(new ChatError(this.#closedByUser ? 'closed' : 'disconnected', 'The connection did not come back'));
        else return;
        off();
      });
    });
  }

  // --- requests and acks ---

  /** A request the recovery makes: not repeated after a drop (the next recovery starts over). */
  #requestOnce = (type, data) => this.#request(type, data, { resend: false });

  /** Runs send with the target's scope, or rejects when the target is neither a roomId, { roomId } nor { withUserId }. */
  #scoped(target, send) {
    const scope = scopeOf(target);
    return scope ? send(scope) : Promise.reject(new TypeError('target must be a roomId, { roomId } or { withUserId }'));
  }

  /**
   * Sends (or queues) a request and settles with its ack. `resend: false` requests are rejected
   * instead of repeated when the connection drops after they were written (stale typing, pings).
   */
  #request(type, data, { resend = true, bound = false } = {}) {
    if (this.#closedByUser) return Promise.reject(new ChatError('closed', 'Client closed'));
    // `bound` requests belong to the live connection (upload chunks, call signals): never queued for the next one.
    if (bound && this.#state !== 'connected') return Promise.reject(new ChatError('disconnected', `Not connected: ${type} is not queued`));
    return new Promise((resolve, reject) => {
      const request = { id: String(++this.#nextId), type, data, resend: resend && !bound, bound, resolve, reject, timer: null, sent: false };
      this.#requests.set(request.id, request);
      if (this.#state === 'connected') this.#send(request);
    });
  }

  #send(request) {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return; // stays queued; the close handler takes over
    socket.send(JSON.stringify({ type: request.type, id: request.id, data: request.data }));
    request.sent = true;
    // The timeout runs per attempt on a live connection: a request never times out just for waiting on a reconnect.
    request.timer = setTimeout(() => {
      this.#requests.delete(request.id);
      request.reject(new ChatError('timeout', `No ack for ${request.type} within ${this.#ackTimeoutMs} ms`));
    }, this.#ackTimeoutMs);
  }

  #onAck(id, data) {
    const request = this.#requests.get(String(id));
    if (!request) return; // timed out already
    this.#requests.delete(request.id);
    clearTimeout(request.timer);
    if (data && data.code !== undefined && data.success !== true) {
      request.reject(new ChatError(data.code, data.error ?? data.code));
    } else {
      request.resolve(data);
    }
  }

  /** After a drop: written requests go back to the queue (or fail when they may not be repeated). */
  #suspendRequests() {
    for (const request of this.#requests.values()) {
      clearTimeout(request.timer);
      if ((request.sent && !request.resend) || request.bound) {
        this.#requests.delete(request.id);
        request.reject(new ChatError('disconnected', `Connection lost before the ack of ${request.type}`));
      }
      request.sent = false;
    }
  }

  #flushQueue() {
    for (const request of [...this.#requests.values()]) {
      if (!request.sent) this.#send(request);
    }
  }

  #failAll(error) {
    for (const request of this.#requests.values()) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    this.#requests.clear();
  }

  // --- connection ---

  async #open() {
    let token;
    try {
      token = await this.#getToken();
    } catch (err) {
      this.#onAttemptFailed(new ChatError('connect_failed', `getToken failed: ${err?.message ?? err}`));
      return;
    }
    if (this.#closedByUser) return;
    this.#token = token;

    let socket;
    try {
      socket = new this.#WebSocket(this.#socketUrl(token));
    } catch (err) {
      this.#onAttemptFailed(new ChatError('connect_failed', err?.message ?? String(err)));
      return;
    }
    this.#socket = socket;
    let failure = '';
    socket.onmessage = (event) => { if (socket === this.#socket) this.#onFrame(event.data); };
    socket.onerror = (event) => { failure = event?.message ?? failure; }; // a close event follows
    socket.onclose = (event) => {
      if (socket !== this.#socket) return;
      this.#socket = null;
      this.#onSocketClosed(new ChatError('connect_failed', `WebSocket closed (code ${event?.code})${failure ? `: ${failure}` : ''}`));
    };
  }

  #socketUrl(token) {
    const url = new URL(this.#url, globalThis.location?.href);
    url.protocol = url.protocol.replace(/^http/, 'ws');
    url.searchParams.set('token', token);
    return url.toString();
  }

  #onSocketClosed(error) {
    const wasConnected = this.#state === 'connected';
    this.#suspendRequests();
    // Live messages buffered for a recovery that did not finish: the next recovery fetches them again.
    for (const room of this.#rooms.values()) room.buffer = null;
    this.#conversations.dropHeld();
    this.#roomChanges.dropHeld();
    this.#conversationChanges.dropHeld();
    if (this.#closedByUser) return;
    if (!wasConnected) {
      this.#onAttemptFailed(error);
      return;
    }
    this.#attempt = 0;
    this.#scheduleReconnect(error);
  }

  #onAttemptFailed(error) {
    if (this.#state === 'connecting') {
      // connect() reports a failed first attempt to its caller instead of retrying.
      this.#settleConnect(error);
      this.#setState('disconnected');
      return;
    }
    this.#scheduleReconnect(error);
  }

  #scheduleReconnect(error) {
    const { attempts, minDelayMs, maxDelayMs, jitter } = this.#reconnect;
    if (this.#attempt >= attempts) {
      this.#setState('disconnected');
      this.#failAll(new ChatError('disconnected', `Could not reconnect: ${error.message}`));
      this.#settleConnect(error);
      return;
    }
    const backoff = Math.min(maxDelayMs, minDelayMs * 2 ** this.#attempt++);
    const delay = backoff * (1 - jitter * Math.random()); // jitter spreads a crowd reconnecting after a server restart
    this.#setState('reconnecting');
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }

  #settleConnect(error) {
    const waiter = this.#connectWaiter;
    this.#connectWaiter = null;
    this.#connectPromise = null;
    if (!waiter) return;
    if (error) waiter.reject(error);
    else waiter.resolve(this.#session);
  }

  #setState(state) {
    if (this.#state === state) return;
    this.#state = state;
    this.#events.emit('state', state);
  }

  // --- server events ---

  #onFrame(text) {
    let frame;
    try {
      frame = JSON.parse(typeof text === 'string' ? text : String(text));
    } catch {
      return; // not ours to handle
    }
    const { type, id, data } = frame ?? {};
    if (type === 'ack') this.#onAck(id, data);
    else if (type === 'connected') this.#onConnected(data);
    else if (type === 'new-message') this.#onNewMessage(data);
    else if (type === 'token-expiring') {
      this.#refreshToken();
      this.#events.emit(type, data);
    }
    else if (type === 'private-message') this.#onPrivateMessage(data);
    else if (type === 'pending-messages') this.#onPendingMessages(data);
    else if (type === 'message-edited') this.#onChange('edited', data);
    else if (type === 'message-deleted') this.#onChange('deleted', data);
    else if (type === 'read-receipt') this.#onReadReceipt(data);
    else if (type === 'member-removed') this.#onMemberRemoved(data);
    else if (typeof type === 'string') this.#events.emit(type, data);
  }

  #onConnected(session) {
    const recovering = this.#everConnected;
    this.#everConnected = true;
    this.#session = session;
    this.#attempt = 0;
    // The server's room list is the truth: rooms left elsewhere are not re-joined, new ones are tracked.
    const rooms = new Set(session?.rooms ?? []);
    for (const roomId of this.#rooms.keys()) if (!rooms.has(roomId)) this.#forgetRoom(roomId);
    for (const roomId of rooms) if (!this.#rooms.has(roomId)) this.#rooms.set(roomId, { lastSeq: null, buffer: null });
    const sidebar = session?.sidebar;
    for (const summary of sidebar?.rooms ?? []) this.#emitUnread(this.#unread.roomSummary(summary));
    for (const summary of sidebar?.conversations ?? []) {
      this.#emitUnread(this.#unread.conversationSummary(summary));
      // What the app sees from now on is the current state: changes before the counter are not news.
      if (!recovering) this.#conversationChanges.known(summary.conversationId, summary.lastChangeSeq);
    }

    this.#setState('connected');
    this.#events.emit('connected', session);
    this.#settleConnect(null);
    if (recovering && this.#status && this.#status !== 'online') {
      this.#request('update-status', { status: this.#status }, { resend: false }).catch(() => {});
    }
    if (recovering) this.#recoverAll();
    this.#flushQueue();
  }

  /**
   * token-expiring: a new token from getToken, sent as refresh-token on the live connection. When that
   * fails the server closes the connection at the old token's exp + skew, and the reconnect (which calls
   * getToken again) takes over.
   */
  async #refreshToken() {
    try {
      const token = await this.#getToken();
      // Not repeated after a drop: a new connection authenticates with a token of its own.
      const ack = await this.#request('refresh-token', { token }, { resend: false });
      this.#token = token;
      this.#events.emit('token-refreshed', { expiresAt: ack?.expiresAt ?? null });
    } catch {
      // getToken or the server said no, or the client closed: the expiry's close and the reconnect follow.
    }
  }

  #onNewMessage(message) {
    let room = this.#rooms.get(message?.roomId);
    if (!room) {
      room = { lastSeq: null, buffer: null };
      this.#rooms.set(message.roomId, room);
    }
    if (room.buffer) room.buffer.push(message);
    else this.#deliver(room, message);
  }

  /** Emits a room message unless the app has seen its seq already. */
  #deliver(room, message) {
    if (room.lastSeq != null && message.seq <= room.lastSeq) return;
    room.lastSeq = message.seq;
    this.#events.emit('new-message', message);
    this.#emitUnread(this.#unread.roomMessage(message, this.#session?.userId));
  }

  #onJoined(roomId, ack) {
    const room = this.#rooms.get(roomId) ?? { lastSeq: null, buffer: null };
    this.#rooms.set(roomId, room);
    // Live messages after a join ack have seq > ack.lastSeq; the ack's recentMessages cover the rest.
    // While the room recovers, the recovery moves lastSeq on, so that nothing it replays is skipped.
    if (!room.buffer) room.lastSeq = Math.max(room.lastSeq ?? 0, ack.lastSeq ?? 0);
    this.#roomChanges.known(roomId, ack.lastChangeSeq);
    return ack;
  }

  /** After a reconnect: rooms and conversations catch up, then `recovered` reports on both. */
  async #recoverAll() {
    const socket = this.#socket;
    const session = this.#session;
    // Conversations' live changes wait until each conversation's change recovery has run, so none of
    // them moves its change seq past the changes missed meanwhile.
    this.#conversationChanges.beginAll(this.#conversations.known().map((c) => c.conversationId));
    const [rooms, conversations] = await Promise.all([
      this.#recover(),
      this.#recoverConversations().then(async (caughtUp) => [caughtUp, await this.#recoverConversationChanges(session)]),
    ]);
    if (socket !== this.#socket) return;
    const [caughtUp, changed] = conversations;
    // One entry per conversation: its message catch-up and its change recovery together.
    const byId = new Map(caughtUp.map((entry) => [entry.conversationId, { changes: 0, ...entry }]));
    for (const entry of changed) {
      const known = byId.get(entry.conversationId);
      if (known) {
        known.changes = entry.changes;
        if (entry.error) Object.assign(known, { recovered: false, error: entry.error });
      } else {
        byId.set(entry.conversationId, { missed: 0, ...entry });
      }
    }
    this.#events.emit('recovered', { rooms, conversations: [...byId.values()] });
  }

  /**
   * Re-joins every room with a known seq with sinceSeq and emits the missed messages and the live
   * ones that arrived meanwhile as new-message in seq order; returns how each room came back.
   */
  async #recover() {
    const socket = this.#socket;
    const rooms = [...this.#rooms].filter(([, room]) => room.lastSeq != null);
    for (const [, room] of rooms) room.buffer = [];
    const results = await Promise.all(rooms.map(async ([roomId, room]) => {
      const knownChangeSeq = this.#roomChanges.lastChangeSeq(roomId);
      const sinceChangeSeq = this.#roomChanges.begin(roomId);
      let ack;
      let rest = [];
      try {
        // Without a known changeSeq the server lists every retained changed message: a harmless superset.
        const join = knownChangeSeq == null ? { roomId, sinceSeq: room.lastSeq } : { roomId, sinceSeq: room.lastSeq, sinceChangeSeq };
        ack = await this.#request('join-room', join, { resend: false });
        if (ack.hasMore) rest = await this.#fetchRestOfJoin(roomId, room.lastSeq, ack);
      } catch (err) {
        if (socket !== this.#socket) return null;
        this.#drainBuffer(room);
        this.#emitChanges(this.#roomChanges.end(roomId, [], null));
        return { roomId, recovered: false, missed: 0, changes: 0, error: err };
      }
      if (socket !== this.#socket || !room.buffer) return null;
      // Live messages that came before the ack may be left out of recentMessages (the gateway
      // does not send them twice), or may be in both: merge, then deliver in seq order once.
      const before = room.lastSeq;
      room.buffer.push(...(ack.recentMessages ?? []), ...rest);
      this.#drainBuffer(room);
      // Then the edits and deletes of messages the app had: the ack's first page, the rest by get-changes.
      const { changes, lastChangeSeq, error } = await fetchChanges(this.#requestOnce, {
        scope: { roomId }, from: sinceChangeSeq, first: ack.changes ?? [], more: ack.hasMoreChanges === true, lastChangeSeq: ack.lastChangeSeq,
      });
      if (socket !== this.#socket) return null;
      const emitted = this.#roomChanges.end(roomId, changes, error ? null : lastChangeSeq);
      this.#emitChanges(emitted);
      return {
        roomId,
        recovered: ack.recovered !== false && !error,
        missed: room.lastSeq - before,
        changes: emitted.length,
        room: ack.room,
        members: ack.members,
        ...(error ? { error } : {}),
      };
    }));
    return results.filter(Boolean);
  }

  /**
   * A join ack with hasMore carried only the first page after sinceSeq: the rest, up to the ack's
   * lastSeq (where live messages take over), comes from get-history afterSeq, page by page.
   */
  async #fetchRestOfJoin(roomId, sinceSeq, ack) {
    const messages = [];
    let after = Math.max(sinceSeq, ...(ack.recentMessages ?? []).map((m) => m.seq));
    while (after < ack.lastSeq) {
      const page = await this.#request('get-history', { roomId, afterSeq: after, limit: 100 }, { resend: false });
      const fresh = (page.messages ?? []).filter((m) => m.seq > after && m.seq <= ack.lastSeq);
      if (fresh.length === 0) break; // lost to retention meanwhile: nothing more to fetch
      messages.push(...fresh);
      after = fresh[fresh.length - 1].seq;
    }
    return messages;
  }

  /**
   * After a reconnect: each conversation the app has messages of whose change counter moved on
   * (connected.sidebar, or get-conversations without one) gets its changes with get-changes.
   */
  async #recoverConversationChanges(session) {
    const socket = this.#socket;
    let listed = session?.sidebar?.conversations;
    if (!Array.isArray(listed)) {
      try {
        listed = (await this.#request('get-conversations', { limit: HISTORY_PAGE }, { resend: false })).conversations ?? [];
      } catch {
        listed = [];
      }
    }
    if (socket !== this.#socket) return [];
    const behind = conversationsBehind(this.#conversations.known(), listed, this.#conversationChanges);
    // The others are up to date: their held live changes go out now.
    const counters = new Map(listed.map((c) => [c.conversationId, c.lastChangeSeq]));
    const fetching = new Set(behind.map((c) => c.conversationId));
    for (const conversationId of this.#conversationChanges.held()) {
      if (fetching.has(conversationId)) continue;
      const listedSeq = counters.get(conversationId);
      this.#emitChanges(this.#conversationChanges.end(conversationId, [], Number.isInteger(listedSeq) ? listedSeq : null));
    }
    const results = await Promise.all(behind.map(async ({ conversationId, withUserId, listedSeq }) => {
      const from = this.#conversationChanges.begin(conversationId);
      const { changes, lastChangeSeq, error } = await fetchChanges(this.#requestOnce, {
        scope: { withUserId }, eventScope: { conversationId }, from, more: true, lastChangeSeq: listedSeq,
      });
      if (socket !== this.#socket) return null;
      const emitted = this.#conversationChanges.end(conversationId, changes, error ? null : Math.max(lastChangeSeq ?? 0, from));
      this.#emitChanges(emitted);
      return { conversationId, withUserId, recovered: !error, changes: emitted.length, ...(error ? { error } : {}) };
    }));
    return results.filter(Boolean);
  }

  #drainBuffer(room) {
    const buffered = room.buffer ?? [];
    room.buffer = null;
    buffered.sort((a, b) => a.seq - b.seq);
    for (const message of buffered) this.#deliver(room, message);
  }

  // --- direct conversations: private messages once per (conversationId, seq), in seq order ---

  #onPrivateMessage(message) {
    if (!isConversationMessage(message)) return;
    const { deliver, catchUp } = this.#conversations.live(message, this.#session?.userId);
    this.#emitPrivate(deliver);
    if (catchUp) this.#catchUp(catchUp);
  }

  /**
   * The server's list of unread messages: emitted as is, and each one the app has not had as
   * private-message. The server sends it on connect (before any ack, so a reconnect's recovery holds
   * every known conversation already) and again when it renewed the user's live subscription: live
   * events may have been lost then, so every known conversation not catching up yet catches up.
   */
  #onPendingMessages(messages) {
    this.#events.emit('pending-messages', messages);
    this.#recoverConversations();
    const { deliver, catchUp } = this.#conversations.pending((Array.isArray(messages) ? messages : []).filter(isConversationMessage), this.#session?.userId);
    this.#emitPrivate(deliver);
    for (const conversation of catchUp) this.#catchUp(conversation);
  }

  /** Every conversation with a known seq fetches what came after it; returns how each came back. */
  async #recoverConversations() {
    const results = await Promise.all(this.#conversations.beginRecovery().map((conversation) => this.#catchUp(conversation)));
    return results.filter(Boolean);
  }

  /**
   * Pages get-private-history after the conversation's seq until caught up, then emits what the app
   * has not had (fetched, and held meanwhile) in seq order. Null when the connection dropped first.
   */
  async #catchUp({ conversationId, withUserId, afterSeq }) {
    const socket = this.#socket;
    const fetched = [];
    let serverLastSeq = null;
    let error;
    try {
      for (let after = afterSeq; ;) {
        const page = await this.#request('get-private-history', { withUserId, afterSeq: after, limit: HISTORY_PAGE }, { resend: false });
        const messages = page.messages ?? [];
        fetched.push(...messages);
        serverLastSeq = page.lastSeq ?? null;
        const last = messages.at(-1)?.seq;
        if (last == null || messages.length < HISTORY_PAGE || last >= serverLastSeq) break;
        after = last;
      }
    } catch (err) {
      error = err;
    }
    if (socket !== this.#socket) return null;
    const missed = this.#conversations.endCatchUp(conversationId, fetched, error ? null : serverLastSeq);
    if (!missed) return null;
    this.#emitPrivate(missed);
    return { conversationId, withUserId, recovered: !error, missed: missed.length, ...(error ? { error } : {}) };
  }

  #emitPrivate(messages) {
    for (const message of messages) {
      this.#events.emit('private-message', message);
      this.#emitUnread(this.#unread.privateMessage(message, this.#session?.userId));
    }
  }

  // --- changes, receipts, removals ---

  /** A live message-edited / message-deleted: once per changeSeq, held while its room or conversation recovers. */
  #onChange(kind, event) {
    if (!Number.isInteger(event?.seq)) return;
    const change = { kind, event };
    if (typeof event.roomId === 'string') this.#emitChanges(this.#roomChanges.live(event.roomId, change));
    else if (typeof event.conversationId === 'string') this.#emitChanges(this.#conversationChanges.live(event.conversationId, change));
  }

  #emitChanges(changes) {
    for (const { kind, event } of changes) {
      this.#events.emit(kind === 'deleted' ? 'message-deleted' : 'message-edited', event);
      if (kind === 'deleted' && event.roomId != null) this.#emitUnread(this.#unread.roomMessageDeleted(event.roomId, event.seq));
    }
  }

  /** A read-receipt of the user's own (another device's) read clears the unread count here too. */
  #onReadReceipt(receipt) {
    this.#events.emit('read-receipt', receipt);
    if (receipt?.userId !== this.#session?.userId || !Number.isInteger(receipt.seq)) return;
    if (typeof receipt.roomId === 'string') this.#emitUnread(this.#unread.roomRead(receipt.roomId, receipt.seq));
    else if (typeof receipt.conversationId === 'string') this.#emitUnread(this.#unread.conversationRead(receipt.conversationId, receipt.seq));
  }

  /** Kicked: the room is not the user's any more (not re-joined after a reconnect, no unread count). */
  #onMemberRemoved(event) {
    this.#events.emit('member-removed', event);
    if (event?.userId === this.#session?.userId && typeof event.roomId === 'string') this.#forgetRoom(event.roomId);
  }

  #forgetRoom(roomId) {
    this.#rooms.delete(roomId);
    this.#roomChanges.forget(roomId);
    this.#emitUnread(this.#unread.forgetRoom(roomId));
  }

  #emitUnread(changes) {
    for (const change of changes) this.#events.emit('unread-changed', change);
  }

  #conversationIdWith(withUserId) {
    const me = this.#session?.userId;
    return me != null ? conversationIdOf(me, withUserId) : this.#conversations.conversationWith(withUserId);
  }
}

/** A request's scope: a roomId, `{ roomId }` or `{ withUserId }`. */
function scopeOf(target) {
  if (typeof target === 'string') return { roomId: target };
  if (target && typeof target.withUserId === 'string') return { withUserId: target.withUserId };
  if (target && typeof target.roomId === 'string') return { roomId: target.roomId };
  return null;
}

function isConversationMessage(message) {
  return typeof message?.conversationId === 'string' && Number.isInteger(message.seq);
}

function newClientMsgId() {
  // crypto.randomUUID needs a secure context in browsers (localhost counts); fall back elsewhere.
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
