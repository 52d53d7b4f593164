// Orleans.Chat demo: a small chat UI on top of the JavaScript SDK (served at /sdk/).
// This module signs in and routes the SDK's events to the modules that own each part of the page.
import { ChatClient } from '/sdk/index.js';
import { $, plural, toast } from './dom.js';
import { app } from './state.js';
import { applySummaries, loadOlder, loadRoom, onMemberRemoved, onNewMessage, onRoleChanged, onRoomUpdated, renderRooms, setMembers } from './rooms.js';
import { addPrivateMessage, applyConversationSummaries, loadOlderPrivate, renderDms } from './conversations.js';
import { onMessageDeleted, onMessageEdited } from './messages.js';
import { onReadReceipt } from './read-state.js';
import { onUserJoined, onUserLeft, renderMembers } from './members.js';
import { onUserStoppedTyping, onUserTyping } from './composer.js';
import { openView, renderAll, renderConnection, restoreView } from './view.js';
import { onCallEnded, onIncomingCall } from './calls.js';

// --- sign-in ---

const userIdFrom = (name) => name.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'user';

async function devToken(userId, name) {
  const response = await fetch('/auth/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, name }),
  });
  if (!response.ok) throw new Error(`Sign-in failed (${response.status})`);
  return (await response.json()).token;
}

async function signIn(name) {
  const me = { userId: userIdFrom(name), name: name.trim() };
  // getToken runs before every (re)connect, so an expired token is replaced.
  const client = new ChatClient({ url: '/ws', getToken: () => devToken(me.userId, me.name) });
  app.me = me;
  app.client = client;
  wireEvents(client);
  await client.connect();
  sessionStorage.setItem('orleans-chat-name', me.name);
  $('signin').hidden = true;
  $('app').hidden = false;
  $('me').textContent = `${me.name} (${me.userId})`;
  app.presence.set(me.userId, 'online');
  renderAll();
  restoreView();
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('signin-error').hidden = true;
  try {
    await signIn($('signin-name').value);
  } catch (err) {
    app.client?.close();
    $('signin-error').textContent = err.message;
    $('signin-error').hidden = false;
  }
});

$('signout').addEventListener('click', () => {
  app.client?.close();
  sessionStorage.removeItem('orleans-chat-name');
  sessionStorage.removeItem('orleans-chat-view');
  location.reload();
});

// --- SDK events ---

function onConnected({ rooms, sidebar }) {
  // The server's list of the user's rooms is the truth, also after a reconnect.
  for (const roomId of app.rooms.keys()) if (!rooms.includes(roomId)) app.rooms.delete(roomId);
  applySummaries(sidebar?.rooms);
  applyConversationSummaries(sidebar?.conversations);
  for (const roomId of rooms) if (!app.rooms.get(roomId)?.info || !app.rooms.get(roomId).members.size) loadRoom(roomId);
  renderAll();
}

function onRecovered({ rooms, conversations }) {
  let missed = 0;
  for (const { roomId, members, missed: count } of rooms) {
    missed += count;
    if (members && app.rooms.has(roomId)) setMembers(app.rooms.get(roomId), members);
  }
  for (const conversation of conversations) missed += conversation.missed;
  renderAll();
  if (missed) toast(`Reconnected: ${plural(missed, 'missed message')} loaded`);
}

function wireEvents(client) {
  client.on('state', renderConnection);
  client.on('connected', onConnected);
  client.on('recovered', onRecovered);
  client.on('new-message', onNewMessage);
  client.on('user-joined', onUserJoined);
  client.on('user-left', onUserLeft);
  client.on('user-typing', onUserTyping);
  client.on('user-stopped-typing', onUserStoppedTyping);
  client.on('presence-update', ({ userId, status }) => {
    app.presence.set(userId, status);
    renderMembers();
    renderDms();
  });
  // Each private message comes once (live, unread on connect, or recovered after a reconnect).
  client.on('private-message', addPrivateMessage);
  client.on('pending-messages', (messages) => {
    if (messages.length) toast(`${plural(messages.length, 'unread private message')}`);
  });
  client.on('message-edited', onMessageEdited);
  client.on('message-deleted', onMessageDeleted);
  client.on('read-receipt', onReadReceipt);
  client.on('unread-changed', ({ roomId }) => { if (roomId != null) renderRooms(); });
  client.on('room-updated', onRoomUpdated);
  client.on('role-changed', onRoleChanged);
  client.on('member-removed', onMemberRemoved);
  client.on('incoming-call', onIncomingCall);
  client.on('call-ended', onCallEnded);
  client.on('error', ({ code, error }) => toast(`${error} (${code})`));
}

// --- scrolling back, coming back to the tab ---

function loadOlderInView() {
  if (app.view?.kind === 'room') loadOlder(app.rooms.get(app.view.id));
  else if (app.view?.kind === 'dm') loadOlderPrivate(app.dms.get(app.view.id));
}

$('messages').addEventListener('scroll', () => { if ($('messages').scrollTop < 20) loadOlderInView(); });
$('load-older').addEventListener('click', loadOlderInView);

// Back on the tab: the open room or conversation is read now; away from it: its badge counts again.
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && app.view) openView(app.view.kind, app.view.id);
  else renderRooms();
});

$('status').addEventListener('change', async () => {
  const status = $('status').value;
  try {
    await app.client.updateStatus(status);
    app.presence.set(app.me.userId, status);
    renderAll();
  } catch (err) {
    toast(err.message);
  }
});

// Stay signed in across reloads of this tab.
const savedName = sessionStorage.getItem('orleans-chat-name');
if (savedName) {
  $('signin-name').value = savedName;
  signIn(savedName).catch((err) => { $('signin-error').textContent = err.message; $('signin-error').hidden = false; });
}
