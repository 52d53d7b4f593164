// The composer: sending to the open room or conversation, and the typing indicator both ways.
import { $, toast } from './dom.js';
import { app, dm, viewed } from './state.js';
import { renderMessages } from './messages.js';

const TYPING_REFRESH_MS = 2000; // the server stops a typing indicator 3 s after the last `typing`
const TYPING_IDLE_MS = 2500;

let typingRoom = null;
let typingSentAt = 0;
let typingIdleTimer;

export function stopTyping() {
  clearTimeout(typingIdleTimer);
  if (typingRoom) app.client.stopTyping(typingRoom).catch(() => {});
  typingRoom = null;
  typingSentAt = 0;
}

$('composer-input').addEventListener('input', () => {
  if (app.view?.kind !== 'room' || !$('composer-input').value) return stopTyping();
  const roomId = app.view.id;
  // Throttled: one `typing` per refresh period keeps the indicator alive without spending the rate limit.
  if (typingRoom !== roomId || Date.now() - typingSentAt > TYPING_REFRESH_MS) {
    if (typingRoom && typingRoom !== roomId) stopTyping();
    app.client.typing(roomId).catch(() => {});
    typingRoom = roomId;
    typingSentAt = Date.now();
  }
  clearTimeout(typingIdleTimer);
  typingIdleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
});

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const content = $('composer-input').value.trim();
  if (!content || !app.view) return;
  $('composer-input').value = '';
  stopTyping();
  if (app.view.kind === 'room') sendToRoom(app.rooms.get(app.view.id), content);
  else sendPrivate(dm(app.view.id), content);
});

const newClientMsgId = () => crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;

function sendToRoom(room, content) {
  const clientMsgId = newClientMsgId();
  const pending = { content, afterSeq: Math.max(0, ...room.messages.keys()) };
  room.pending.set(clientMsgId, pending);
  renderMessages('bottom');
  app.client.sendMessage(room.id, content, { clientMsgId }).then(
    (ack) => { pending.seq = ack.seq; renderMessages(); },
    (err) => { room.pending.delete(clientMsgId); renderMessages(); toast(err.message); },
  );
}

function sendPrivate(conversation, content) {
  // Shown at once as pending until its private-message event comes; the SDK re-sends it after a reconnect until acked.
  const clientMsgId = newClientMsgId();
  const pending = { content, afterSeq: conversation.lastSeq };
  conversation.pending.set(clientMsgId, pending);
  renderMessages('bottom');
  app.client.sendPrivateMessage(conversation.userId, content, { clientMsgId }).then(
    (ack) => { pending.seq = ack.seq; renderMessages(); },
    (err) => { conversation.pending.delete(clientMsgId); renderMessages(); toast(err.message); },
  );
}

export function onUserTyping({ roomId, userId, user }) {
  app.rooms.get(roomId)?.typing.set(userId, user?.name ?? userId);
  renderTyping();
}

export function onUserStoppedTyping({ roomId, userId }) {
  app.rooms.get(roomId)?.typing.delete(userId);
  renderTyping();
}

export function renderTyping() {
  const target = viewed();
  const names = target?.kind === 'room' ? [...target.typing.values()] : [];
  $('typing').textContent = names.length === 0 ? ''
    : names.length === 1 ? `${names[0]} is typing…` : `${names.join(', ')} are typing…`;
}
