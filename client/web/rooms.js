// Rooms: the room list (summaries from connected.sidebar and get-rooms, most recently active first),
// joining and creating, room messages and history, and the moderation events that change a room.
import { $, listItem, toast } from './dom.js';
import { app, isViewing, newRoom, unreadOf } from './state.js';
import { markRoomRead } from './read-state.js';
import { openView, renderAll, renderRoomPanels } from './view.js';
import { applyChange, renderMessages } from './messages.js';
import { renderTyping } from './composer.js';

const HISTORY_PAGE = 30;

/** Room summaries ({room, role, lastSeq, lastMessage, lastActivity, readSeq, unread}): the list and its order (the SDK keeps the counts). */
export function applySummaries(summaries) {
  for (const summary of summaries ?? []) {
    const room = ensureRoom(summary.room.id);
    room.info = summary.room;
    room.role = summary.role;
    room.lastActivity = Math.max(room.lastActivity, summary.lastActivity ?? 0);
    room.markedSeq = Math.max(room.markedSeq, summary.readSeq ?? 0);
  }
  renderRooms();
  const open = app.view?.kind === 'room' ? app.rooms.get(app.view.id) : null;
  if (open) markRoomRead(open);
}

function ensureRoom(roomId) {
  if (!app.rooms.has(roomId)) app.rooms.set(roomId, newRoom(roomId));
  return app.rooms.get(roomId);
}

/** Adds the room and fetches its info, members and recent messages with join-room. */
export function loadRoom(roomId) {
  const room = ensureRoom(roomId);
  app.client.joinRoom(roomId).then((ack) => applyJoin(room, ack), (err) => toast(`${roomId}: ${err.message}`));
  return room;
}

export function applyJoin(room, ack) {
  if (!app.rooms.has(room.id)) return; // removed meanwhile (kicked)
  room.info = ack.room;
  setMembers(room, ack.members);
  addMessages(room, ack.recentMessages);
  for (const message of ack.changes ?? []) applyChange(room, message);
  renderAll();
  if (isViewing('room', room.id)) markRoomRead(room);
}

export function setMembers(room, members) {
  room.members = new Map(members.map((m) => [m.userId, { userId: m.userId, name: m.name, role: m.role }]));
  for (const m of members) app.presence.set(m.userId, m.status);
}

/** Stores messages by seq; a message known in a newer state (changed since) is kept as it is. */
export function addMessages(room, messages) {
  for (const message of messages ?? []) {
    const known = room.messages.get(message.seq);
    if (known?.changeSeq > (message.changeSeq ?? 0)) continue; // an older state of a message changed since
    room.messages.set(message.seq, message);
    room.lastActivity = Math.max(room.lastActivity, message.timestamp ?? 0);
  }
}

export function onNewMessage(message) {
  const room = app.rooms.get(message.roomId) ?? loadRoom(message.roomId);
  addMessages(room, [message]);
  room.typing.delete(message.userId);
  if (isViewing('room', room.id)) {
    markRoomRead(room);
    renderMessages();
    renderTyping();
  }
  renderRooms();
}

export const oldestSeq = (target) => Math.min(...target.messages.keys());
export const hasOlder = (target) => !target.noOlder && target.messages.size > 0 && oldestSeq(target) > 1;

export async function loadOlder(room) {
  if (room.loadingOlder || !hasOlder(room)) return;
  room.loadingOlder = true;
  try {
    const { messages } = await app.client.getHistory(room.id, { beforeSeq: oldestSeq(room), limit: HISTORY_PAGE });
    addMessages(room, messages);
    room.noOlder = messages.length < HISTORY_PAGE;
    if (isViewing('room', room.id)) renderMessages('older');
  } catch (err) {
    toast(err.message);
  } finally {
    room.loadingOlder = false;
  }
}

async function joinOrCreate(create) {
  const roomId = $('room-id').value.trim();
  if (!roomId) return;
  try {
    if (create) {
      const members = $('room-invitees').value.split(',').map((s) => s.trim()).filter(Boolean);
      await app.client.createRoom({ roomId, name: roomId, visibility: $('room-visibility').value, members });
    }
    const ack = await app.client.joinRoom(roomId);
    applyJoin(ensureRoom(roomId), ack); // listed only once joined: a refused join adds nothing
    $('room-form').reset();
    openView('room', roomId);
    refreshRooms();
  } catch (err) {
    toast(`${roomId}: ${err.message}`);
  }
}

/** get-rooms: the summaries again (after a join, for the new room's activity and unread count). */
export async function refreshRooms() {
  try {
    applySummaries((await app.client.getRooms()).rooms);
  } catch (err) {
    toast(`Rooms: ${err.message}`);
  }
}

$('room-form').addEventListener('submit', (event) => { event.preventDefault(); joinOrCreate(false); });
$('create-room').addEventListener('click', () => joinOrCreate(true));

// --- moderation events ---

export function onRoomUpdated({ room: info }) {
  const room = app.rooms.get(info?.id);
  if (!room) return;
  room.info = info;
  renderRooms();
  renderRoomPanels(room.id);
}

export function onRoleChanged({ roomId, userId, role }) {
  const room = app.rooms.get(roomId);
  const member = room?.members.get(userId);
  if (!member) return;
  member.role = role;
  if (userId === app.me.userId) room.role = role;
  if (isViewing('room', roomId)) renderAll();
}

/** member-removed: someone was kicked; when it is this user, the room leaves the page. */
export function onMemberRemoved({ roomId, userId, by }) {
  const room = app.rooms.get(roomId);
  if (!room) return;
  if (userId !== app.me.userId) {
    room.members.delete(userId);
    room.receipts.delete(userId);
    renderRoomPanels(roomId);
    if (isViewing('room', roomId)) renderMessages();
    return;
  }
  app.rooms.delete(roomId);
  if (isViewing('room', roomId)) {
    app.view = null;
    app.settingsOpen = false;
    sessionStorage.removeItem('orleans-chat-view');
  }
  toast(`You were removed from ${room.info?.name ?? roomId}${by ? ` by ${room.members.get(by)?.name ?? by}` : ''}`);
  renderAll();
}

// --- the room list ---

const byActivity = (a, b) => b.lastActivity - a.lastActivity || a.id.localeCompare(b.id);

export function renderRooms() {
  const items = [...app.rooms.values()].sort(byActivity).map((room) => {
    const label = `${room.info?.visibility === 'private' ? '🔒 ' : '# '}${room.info?.name ?? room.id}`;
    const li = listItem('room-item', { 'data-room-id': room.id }, label, unreadOf(room));
    li.classList.toggle('active', isViewing('room', room.id));
    li.addEventListener('click', () => openView('room', room.id));
    return li;
  });
  $('rooms').replaceChildren(...items);
}
