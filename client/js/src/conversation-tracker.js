/**
 * Per direct conversation, the highest seq given to the app, and while the conversation catches up
 * from history (after a reconnect, or on a gap in its seqs), the messages that arrived meanwhile.
 * Decides which private messages the app gets: each (conversationId, seq) once, in seq order per
 * conversation. No I/O: the client runs the history requests this asks for.
 */
export class ConversationTracker {
  /** conversationId -> { conversationId, withUserId, lastSeq: number | null, held: message[] | null } */
  #conversations = new Map();

  /** The highest seq of the conversation given to the app, or null when unknown. */
  lastSeq(conversationId) { return this.#conversations.get(conversationId)?.lastSeq ?? null; }

  /** The conversation's tracked id for the other user, or null when none is tracked. */
  conversationWith(withUserId) {
    for (const conversation of this.#conversations.values()) {
      if (conversation.withUserId === withUserId) return conversation.conversationId;
    }
    return null;
  }

  /** Every tracked conversation the app has had a message of: `{ conversationId, withUserId }`. */
  known() {
    return [...this.#conversations.values()]
      .filter((conversation) => conversation.lastSeq != null)
      .map(({ conversationId, withUserId }) => ({ conversationId, withUserId }));
  }

  /**
   * A live private-message. Returns { deliver: messages for the app now, catchUp: a conversation to
   * fetch from history after `afterSeq` (a seq was skipped), or null }.
   */
  live(message, me) {
    return this.#accept(this.#get(message, me), [message]);
  }

  /**
   * A pending-messages batch (the user's unread messages, ascending by timestamp). A conversation the
   * client does not know yet starts at its first unread message (the app loads older ones from
   * history when it shows the conversation). A known one catches up on a gap, as for live messages.
   */
  pending(messages, me) {
    const deliver = [];
    const catchUp = [];
    for (const [conversation, batch] of this.#groupByConversation(messages, me)) {
      batch.sort((a, b) => a.seq - b.seq);
      if (conversation.lastSeq == null && !conversation.held) {
        for (const message of batch) if (advance(conversation, message.seq)) deliver.push(message);
        continue;
      }
      const result = this.#accept(conversation, batch);
      deliver.push(...result.deliver);
      if (result.catchUp) catchUp.push(result.catchUp);
    }
    return { deliver, catchUp };
  }

  /**
   * The app's own newest page of history (no beforeSeq or afterSeq): live messages that follow have seq
   * above the ack's lastSeq, the page covers the rest. A conversation catching up keeps its seq, so
   * nothing the catch-up replays is skipped.
   */
  historyLoaded(conversationId, withUserId, lastSeq) {
    const conversation = this.#getById(conversationId, withUserId);
    if (!conversation.held) conversation.lastSeq = Math.max(conversation.lastSeq ?? 0, lastSeq ?? 0);
  }

  /**
   * The ack of the app's own private message. A conversation not tracked yet is tracked from the seq
   * before it, so that the message's event, if the connection drops first, is recovered. The other
   * user's messages below it may still be on their way as live events (the ack can overtake them):
   * those are given once each when they come, until a catch-up makes everything below old history.
   */
  sent(conversationId, withUserId, seq) {
    if (!conversationId || this.#conversations.has(conversationId) || !(seq >= 1)) return;
    const earlier = seq > 1 ? { below: seq, given: new Set() } : null;
    this.#conversations.set(conversationId, { conversationId, withUserId, lastSeq: seq - 1, held: null, earlier });
  }

  /** After a reconnect: every conversation with a known seq holds its messages until it caught up. */
  beginRecovery() {
    const started = [];
    for (const conversation of this.#conversations.values()) {
      conversation.earlier = null;
      if (conversation.lastSeq == null || conversation.held) continue;
      conversation.held = [];
      started.push(catchUpOf(conversation));
    }
    return started;
  }

  /**
   * Ends a conversation's catch-up: merges the fetched messages with those held meanwhile and returns
   * the ones the app has not had, once each, in seq order; null when it is not catching up any more
   * (the connection dropped). `serverLastSeq` is the history's lastSeq (null when the fetch failed).
   */
  endCatchUp(conversationId, fetched, serverLastSeq) {
    const conversation = this.#conversations.get(conversationId);
    if (!conversation?.held) return null;
    const held = conversation.held;
    conversation.held = null;
    // The numbering restarted (a server without durable storage restarted): the old seq would hide
    // every new message, so start over from what the server sends now.
    if (serverLastSeq != null && conversation.lastSeq != null && serverLastSeq < conversation.lastSeq) conversation.lastSeq = null;
    const merged = [...held, ...fetched].sort((a, b) => a.seq - b.seq);
    return merged.filter((message) => advance(conversation, message.seq));
  }

  /** The connection dropped: held messages are fetched again by the next recovery. */
  dropHeld() {
    for (const conversation of this.#conversations.values()) conversation.held = null;
  }

  #accept(conversation, batch) {
    if (conversation.held) {
      conversation.held.push(...batch);
      return { deliver: [], catchUp: null };
    }
    const deliver = [];
    for (let i = 0; i < batch.length; i++) {
      const { seq } = batch[i];
      if (conversation.lastSeq != null && seq > conversation.lastSeq + 1) {
        // A skipped seq: hold this and the rest until history fills the gap.
        conversation.held = batch.slice(i);
        return { deliver, catchUp: catchUpOf(conversation) };
      }
      if (advance(conversation, seq)) deliver.push(batch[i]);
    }
    return { deliver, catchUp: null };
  }

  #groupByConversation(messages, me) {
    const groups = new Map();
    for (const message of messages) {
      const conversation = this.#get(message, me);
      if (!groups.has(conversation)) groups.set(conversation, []);
      groups.get(conversation).push(message);
    }
    return groups;
  }

  #get(message, me) {
    return this.#getById(message.conversationId, message.fromUserId === me ? message.toUserId : message.fromUserId);
  }

  #getById(conversationId, withUserId) {
    let conversation = this.#conversations.get(conversationId);
    if (!conversation) {
      conversation = { conversationId, withUserId, lastSeq: null, held: null };
      this.#conversations.set(conversationId, conversation);
    }
    return conversation;
  }
}

/** Records the seq unless it was given already (a duplicate); true when the message is new. */
function advance(conversation, seq) {
  if (conversation.lastSeq != null && seq <= conversation.lastSeq) return giveEarlier(conversation, seq);
  conversation.lastSeq = seq;
  return true;
}

/** A late live event below the seq of the app's first own message in the conversation: new once. */
function giveEarlier(conversation, seq) {
  const earlier = conversation.earlier;
  if (!earlier || seq >= earlier.below || earlier.given.has(seq)) return false;
  earlier.given.add(seq);
  return true;
}

function catchUpOf(conversation) {
  return { conversationId: conversation.conversationId, withUserId: conversation.withUserId, afterSeq: conversation.lastSeq };
}

/** The id the server gives the conversation of two users: "dm:" + esc(a) + ":" + esc(b), a <= b ordinally. */
export function conversationIdOf(userA, userB) {
  const [a, b] = userA < userB ? [userA, userB] : [userB, userA];
  return `dm:${escapeUserId(a)}:${escapeUserId(b)}`;
}

function escapeUserId(userId) {
  return userId.replaceAll('%', '%25').replaceAll(':', '%3A');
}
