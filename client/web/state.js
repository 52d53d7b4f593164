// The page's state, shared by its modules; each module changes its own part of it.

export const app = {
  me: null, // { userId, name }
  client: null,
  rooms: new Map(), // roomId -> room state, see newRoom()
  dms: new Map(), // other user's id -> conversation state, see dm()
  presence: new Map(), // userId -> online | away | busy | offline
  view: null, // { kind: 'room' | 'dm', id }
  editing: null, // { kind, id, seq, draft } while a message is edited inline
  settingsOpen: false, // the room settings panel of the open room
};

// For the devtools console and the browser tests (e.g. orleansChat.client.socket.close()).
globalThis.orleansChat = app;

export const isViewing = (kind, id) => app.view?.kind === kind && app.view.id === id;

/** The room or conversation on screen, or null. */
export function viewed() {
  if (app.view?.kind === 'room') return app.rooms.get(app.view.id) ?? null;
  if (app.view?.kind === 'dm') return app.dms.get(app.view.id) ?? null;
  return null;
}

export function newRoom(roomId) {
  return {
    kind: 'room',
    id: roomId,
    info: null, // { id, name, visibility, ownerId, topic }
    members: new Map(), // userId -> { userId, name, role }
    messages: new Map(), // seq -> message
    pending: new Map(), // clientMsgId -> { content, afterSeq, seq? } until the message shows up
    noOlder: false, // history ran out before seq 1 (retention)
    loadingOlder: false,
    lastActivity: 0, // Unix ms of the last message (or the room's creation), for the room list order
    markedSeq: 0, // this user's read cursor, as far as the server has it
    receipts: new Map(), // other userId -> the seq they read up to (from read-receipt events)
    typing: new Map(), // userId -> name
  };
}

/** The conversation with userId; unread = lastSeq - readSeq, as the server counts it. */
export function dm(userId, name) {
  if (!app.dms.has(userId)) {
    app.dms.set(userId, {
      kind: 'dm',
      userId,
      name: name ?? userId,
      messages: new Map(), // seq -> private message
      pending: new Map(), // clientMsgId -> { content, afterSeq, seq? } until the message shows up
      lastSeq: 0,
      readSeq: null, // the user's read cursor; null until the server or a first message tells
      markedSeq: 0, // the read cursor the server acked
      marking: false,
      otherReadSeq: 0, // the other user's read cursor, from their read-receipt events
      lastActivity: 0,
      loaded: false, // the newest history page was fetched
      noOlder: false,
      loadingOlder: false,
    });
  }
  const conversation = app.dms.get(userId);
  if (name) conversation.name = name;
  return conversation;
}

/**
 * Rooms: the SDK keeps the count as the server does (summaries, live messages, deletes, the user's own
 * reads on every device); the room on screen shows none, as it is being marked read.
 * Conversations: lastSeq - readSeq, as the server counts it.
 */
export function unreadOf(target) {
  if (target.kind === 'dm') return Math.max(0, target.lastSeq - (target.readSeq ?? target.lastSeq));
  return isViewing('room', target.id) && !document.hidden ? 0 : app.client.unread(target.id);
}

/** The other user of a conversation id (docs/PROTOCOL.md: "dm:" + esc(a) + ":" + esc(b), esc: % -> %25, : -> %3A). */
export function otherUserOf(conversationId) {
  const parts = typeof conversationId === 'string' && conversationId.startsWith('dm:') ? conversationId.slice(3).split(':') : [];
  if (parts.length !== 2) return null;
  const [a, b] = parts.map((p) => p.replaceAll('%3A', ':').replaceAll('%25', '%'));
  return a === app.me?.userId ? b : a;
}

/** The room or conversation an event names ({roomId} or {conversationId}), if the page has it. */
export function targetOfEvent({ roomId, conversationId }) {
  if (roomId != null) return app.rooms.get(roomId) ?? null;
  const other = otherUserOf(conversationId);
  return other == null ? null : app.dms.get(other) ?? null;
}

/** The request target of a room or conversation: { roomId } or { withUserId }. */
export const requestTarget = (target) => (target.kind === 'room' ? { roomId: target.id } : { withUserId: target.userId });

export const authorOf = (message) => message.userId ?? message.fromUserId;

/** A user's role in the room: owner (its creator), admin or member. */
export function roleOf(room, userId) {
  if (room.info?.ownerId != null && room.info.ownerId === userId) return 'owner';
  return room.members.get(userId)?.role ?? (userId === app.me?.userId ? room.role : null) ?? 'member';
}

export const myRole = (room) => roleOf(room, app.me?.userId);

export const canModerate = (room) => ['owner', 'admin'].includes(myRole(room));
