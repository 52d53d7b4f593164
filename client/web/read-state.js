// Read state: mark-read while a room or conversation is open and visible, read-receipt events
// (other members' cursors for "seen by"; this user's own from other tabs clear unread badges).
import { toast } from './dom.js';
import { app, authorOf, isViewing, targetOfEvent } from './state.js';
import { renderDms } from './conversations.js';
import { renderMessages } from './messages.js';

// The server sends at most one receipt per user and room a second, so reads more often buy nothing.
const MARK_INTERVAL_MS = 1000;

/** The newest message of someone else: what there is to mark read (one's own messages are never unread). */
function newestFromOthers(target) {
  let newest = 0;
  for (const m of target.messages.values()) if (m.seq > newest && authorOf(m) !== app.me.userId) newest = m.seq;
  return newest;
}

/** The room is on screen: the server learns that it was read, at most once a second. */
export function markRoomRead(room) {
  if (document.hidden || !isViewing('room', room.id)) return;
  const seq = newestFromOthers(room);
  if (seq <= room.markedSeq || room.marking || room.markTimer) return; // the one in flight or scheduled looks again
  const wait = (room.markedAt ?? 0) + MARK_INTERVAL_MS - Date.now();
  if (wait > 0) {
    room.markTimer = setTimeout(() => { room.markTimer = null; markRoomRead(room); }, wait);
    return;
  }
  room.marking = true;
  room.markedAt = Date.now();
  app.client.markRead({ roomId: room.id }, seq).then(
    () => {
      room.marking = false;
      room.markedSeq = Math.max(room.markedSeq, seq);
      if (app.rooms.get(room.id) === room) markRoomRead(room);
    },
    (err) => {
      room.marking = false;
      toast(`mark-read: ${err.message}`);
    },
  );
}

/** The conversation is on screen: move the read cursor to its newest message (one mark-read in flight at a time). */
export function markConversationRead(conversation) {
  if (document.hidden || conversation.lastSeq <= conversation.markedSeq) return;
  conversation.readSeq = Math.max(conversation.readSeq ?? 0, conversation.lastSeq);
  renderDms();
  if (conversation.marking) return; // the request in flight looks again when it is done
  const seq = conversation.lastSeq;
  conversation.marking = true;
  app.client.markConversationRead(conversation.userId, seq).then(
    () => {
      conversation.marking = false;
      conversation.markedSeq = Math.max(conversation.markedSeq, seq);
      if (isViewing('dm', conversation.userId)) markConversationRead(conversation);
    },
    (err) => {
      conversation.marking = false;
      toast(`mark-read: ${err.message}`);
    },
  );
}

/** read-receipt {roomId | conversationId, userId, seq}. */
export function onReadReceipt(receipt) {
  const target = targetOfEvent(receipt);
  if (!target || !Number.isInteger(receipt.seq)) return;
  if (receipt.userId === app.me.userId) ownReceipt(target, receipt.seq);
  else if (target.kind === 'room') target.receipts.set(receipt.userId, Math.max(target.receipts.get(receipt.userId) ?? 0, receipt.seq));
  else target.otherReadSeq = Math.max(target.otherReadSeq, receipt.seq);
  if (isViewing(target.kind, target.kind === 'room' ? target.id : target.userId)) renderMessages();
}

/** This user read on another device: the cursor moves here too (no mark-read for what it passed). */
function ownReceipt(target, seq) {
  if (target.kind === 'dm') {
    target.readSeq = Math.max(target.readSeq ?? 0, seq);
    target.markedSeq = Math.max(target.markedSeq, seq);
    renderDms();
    return;
  }
  target.markedSeq = Math.max(target.markedSeq, seq); // the SDK takes the count down (unread-changed)
}

/** Who has read up to `message` (not its author, not this user): names for rooms; the other user for conversations. */
export function seenBy(target, message) {
  if (target.kind === 'dm') {
    return authorOf(message) === app.me.userId && target.otherReadSeq >= message.seq ? [target.name] : [];
  }
  const names = [];
  for (const [userId, seq] of target.receipts) {
    if (seq >= message.seq && userId !== authorOf(message) && userId !== app.me.userId) {
      names.push(target.members.get(userId)?.name ?? userId);
    }
  }
  return names.sort((a, b) => a.localeCompare(b));
}
