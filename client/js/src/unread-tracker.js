/**
 * Unread counts per room and per conversation, as the server counts them, kept up to date between
 * its snapshots (connected.sidebar, get-rooms, get-conversations). No I/O; every method returns the
 * `unread-changed` payloads to emit (empty when nothing changed).
 *
 * Rooms: the server counts the retained, not deleted messages of others after the read cursor. The
 * snapshot's count covers seqs up to its lastSeq; messages of others above both that and the cursor
 * are counted here (by seq, so a replay after a reconnect is not counted twice, and a delete of one
 * of them takes it off again).
 * Conversations: unread = lastSeq - readSeq (sending moves one's own cursor), plain arithmetic.
 */
export class UnreadTracker {
  /** roomId -> { readSeq, base, baseLastSeq, live: Set<seq> } */
  #rooms = new Map();
  /** conversationId -> { readSeq, lastSeq } */
  #conversations = new Map();

  unread(roomId) {
    const room = this.#rooms.get(roomId);
    return room ? roomUnread(room) : 0;
  }

  conversationUnread(conversationId) {
    const conversation = this.#conversations.get(conversationId);
    return conversation ? Math.max(0, conversation.lastSeq - conversation.readSeq) : 0;
  }

  /** A room summary (connected.sidebar, get-rooms): the server's count replaces the tracked one. */
  roomSummary(summary) {
    const roomId = summary?.room?.id;
    if (typeof roomId !== 'string') return [];
    return this.#room(roomId, (room) => {
      room.readSeq = summary.readSeq ?? 0;
      room.base = summary.unread ?? 0;
      room.baseLastSeq = summary.lastSeq ?? 0;
      room.live.clear();
    });
  }

  /** A conversation summary (connected.sidebar, get-conversations). */
  conversationSummary(summary) {
    const conversationId = summary?.conversationId;
    if (typeof conversationId !== 'string') return [];
    const lastSeq = summary.lastSeq ?? 0;
    return this.#conversation(conversationId, (conversation) => {
      conversation.lastSeq = lastSeq;
      conversation.readSeq = lastSeq - (summary.unread ?? 0);
    });
  }

  /** A room message the app was given. */
  roomMessage(message, me) {
    return this.#room(message.roomId, (room) => {
      if (message.userId === me || message.deleted) return;
      if (message.seq > room.readSeq && message.seq > room.baseLastSeq) room.live.add(message.seq);
    });
  }

  /** A private message the app was given: one's own moves one's cursor to it. */
  privateMessage(message, me) {
    if (!this.#conversations.has(message.conversationId)) {
      // Not in the last snapshot (older than its first 100): assume what came before was read.
      this.#conversations.set(message.conversationId, { readSeq: message.seq - 1, lastSeq: message.seq - 1 });
    }
    return this.#conversation(message.conversationId, (conversation) => {
      conversation.lastSeq = Math.max(conversation.lastSeq, message.seq);
      if (message.fromUserId === me) conversation.readSeq = Math.max(conversation.readSeq, message.seq);
    });
  }

  /** A deleted room message is not unread any more (when it was counted here). */
  roomMessageDeleted(roomId, seq) {
    if (!this.#rooms.get(roomId)?.live.has(seq)) return [];
    return this.#room(roomId, (room) => room.live.delete(seq));
  }

  /** The user's own read (its mark-read ack, or a read-receipt of one of its devices). */
  roomRead(roomId, seq) {
    return this.#room(roomId, (room) => {
      if (!(seq > room.readSeq)) return;
      // The snapshot's count is for seqs up to baseLastSeq; a read part-way into them leaves at most the rest.
      if (seq >= room.baseLastSeq) room.base = 0;
      else room.base = Math.min(room.base, room.baseLastSeq - seq);
      room.readSeq = seq;
      for (const counted of room.live) if (counted <= seq) room.live.delete(counted);
    });
  }

  conversationRead(conversationId, seq) {
    return this.#conversation(conversationId, (conversation) => {
      conversation.readSeq = Math.max(conversation.readSeq, seq);
      conversation.lastSeq = Math.max(conversation.lastSeq, seq);
    });
  }

  forgetRoom(roomId) {
    const had = this.unread(roomId) !== 0;
    this.#rooms.delete(roomId);
    return had ? [{ roomId, unread: 0 }] : [];
  }

  #room(roomId, change) {
    let room = this.#rooms.get(roomId);
    if (!room) {
      room = { readSeq: 0, base: 0, baseLastSeq: 0, live: new Set() };
      this.#rooms.set(roomId, room);
    }
    const before = roomUnread(room);
    change(room);
    const after = roomUnread(room);
    return before === after ? [] : [{ roomId, unread: after }];
  }

  #conversation(conversationId, change) {
    let conversation = this.#conversations.get(conversationId);
    if (!conversation) {
      conversation = { readSeq: 0, lastSeq: 0 };
      this.#conversations.set(conversationId, conversation);
    }
    const before = this.conversationUnread(conversationId);
    change(conversation);
    const after = this.conversationUnread(conversationId);
    return before === after ? [] : [{ conversationId, unread: after }];
  }
}

function roomUnread(room) {
  return room.base + room.live.size;
}
