// Orleans.Chat demo: a small chat UI on top of the JavaScript SDK (served at /sdk/).
import { ChatClient } from '/sdk/index.js';

const $ = (id) => document.getElementById(id);
const HISTORY_PAGE = 30;
const TYPING_REFRESH_MS = 2000; // the server stops a typing indicator 3 s after the last `typing`
const TYPING_IDLE_MS = 2500;

const app = {
  me: null, // { userId, name }
  client: null,
  rooms: new Map(), // roomId -> room state, see newRoom()
  dms: new Map(), // userId -> { userId, name, messages: [], unread }
  presence: new Map(), // userId -> online | away | busy | offline
  view: null, // { kind: 'room' | 'dm', id }
};

// For the devtools console and the browser tests (e.g. orleansChat.client.socket.close()).
globalThis.orleansChat = app;

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
  location.reload();
});

// --- SDK events ---

function wireEvents(client) {
  client.on('state', renderConnection);
  client.on('connected', ({ rooms }) => {
    // The server's list of the user's rooms is the truth, also after a reconnect.
    for (const roomId of app.rooms.keys()) if (!rooms.includes(roomId)) app.rooms.delete(roomId);
    for (const roomId of rooms) if (!app.rooms.has(roomId)) loadRoom(roomId);
    renderRooms();
  });
  client.on('recovered', ({ rooms }) => {
    let missed = 0;
    for (const { roomId, members, missed: count } of rooms) {
      missed += count;
      if (members && app.rooms.has(roomId)) setMembers(app.rooms.get(roomId), members);
    }
    renderAll();
    if (missed) toast(`Reconnected: ${missed} missed message${missed === 1 ? '' : 's'} loaded`);
  });
  client.on('new-message', (message) => {
    const room = app.rooms.get(message.roomId) ?? loadRoom(message.roomId);
    addMessages(room, [message]);
    room.typing.delete(message.userId);
    if (!isViewing('room', room.id) || document.hidden) room.unread++;
    renderRooms();
    if (isViewing('room', room.id)) { renderMessages(); renderTyping(); }
  });
  client.on('user-joined', ({ roomId, userId, user }) => {
    const room = app.rooms.get(roomId);
    if (!room) return;
    room.members.set(userId, { userId, name: user?.name ?? userId });
    if (!app.presence.has(userId)) app.presence.set(userId, 'online');
    if (isViewing('room', roomId)) renderMembers();
  });
  client.on('user-left', ({ roomId, userId }) => {
    app.rooms.get(roomId)?.members.delete(userId);
    if (isViewing('room', roomId)) renderMembers();
  });
  client.on('user-typing', ({ roomId, userId, user }) => {
    app.rooms.get(roomId)?.typing.set(userId, user?.name ?? userId);
    if (isViewing('room', roomId)) renderTyping();
  });
  client.on('user-stopped-typing', ({ roomId, userId }) => {
    app.rooms.get(roomId)?.typing.delete(userId);
    if (isViewing('room', roomId)) renderTyping();
  });
  client.on('presence-update', ({ userId, status }) => {
    app.presence.set(userId, status);
    renderMembers();
    renderDms();
  });
  client.on('private-message', (message) => addPrivateMessage(message));
  client.on('pending-messages', (messages) => {
    for (const message of messages) addPrivateMessage(message);
    toast(`${messages.length} private message${messages.length === 1 ? '' : 's'} while you were away`);
  });
  client.on('error', ({ code, error }) => toast(`${error} (${code})`));
}

// --- rooms ---

function newRoom(roomId) {
  return {
    id: roomId,
    info: null,
    members: new Map(), // userId -> { userId, name }
    messages: new Map(), // seq -> message
    pending: new Map(), // clientMsgId -> { content, seq? } until the message shows up
    noOlder: false, // history ran out before seq 1 (retention)
    loadingOlder: false,
    unread: 0,
    typing: new Map(), // userId -> name
  };
}

/** Adds the room and fetches its info, members and recent messages with join-room. */
function loadRoom(roomId) {
  const room = app.rooms.get(roomId) ?? newRoom(roomId);
  app.rooms.set(roomId, room);
  app.client.joinRoom(roomId).then((ack) => applyJoin(room, ack), (err) => toast(`${roomId}: ${err.message}`));
  return room;
}

function applyJoin(room, ack) {
  room.info = ack.room;
  setMembers(room, ack.members);
  addMessages(room, ack.recentMessages);
  renderAll();
}

function setMembers(room, members) {
  room.members = new Map(members.map((m) => [m.userId, { userId: m.userId, name: m.name }]));
  for (const m of members) app.presence.set(m.userId, m.status);
}

function addMessages(room, messages) {
  for (const message of messages) room.messages.set(message.seq, message);
}

const oldestSeq = (room) => (room.messages.size ? Math.min(...room.messages.keys()) : Infinity);
const hasOlder = (room) => !room.noOlder && room.messages.size > 0 && oldestSeq(room) > 1;

async function loadOlder(room) {
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
    const room = app.rooms.get(roomId) ?? newRoom(roomId);
    app.rooms.set(roomId, room);
    applyJoin(room, await app.client.joinRoom(roomId));
    $('room-form').reset();
    openView('room', roomId);
  } catch (err) {
    toast(`${roomId}: ${err.message}`);
  }
}

$('room-form').addEventListener('submit', (event) => { event.preventDefault(); joinOrCreate(false); });
$('create-room').addEventListener('click', () => joinOrCreate(true));

// --- private messages ---

function dm(userId, name) {
  if (!app.dms.has(userId)) app.dms.set(userId, { userId, name: name ?? userId, messages: [], unread: 0 });
  const conversation = app.dms.get(userId);
  if (name) conversation.name = name;
  return conversation;
}

function addPrivateMessage(message) {
  const fromMe = message.fromUserId === app.me.userId;
  const conversation = fromMe ? dm(message.toUserId) : dm(message.fromUserId, message.fromUser?.name);
  if (conversation.messages.some((m) => m.id === message.id)) return;
  conversation.messages.push(message);
  if (!isViewing('dm', conversation.userId) || document.hidden) conversation.unread++;
  renderDms();
  if (isViewing('dm', conversation.userId)) renderMessages();
}

$('dm-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const userId = $('dm-user').value.trim();
  if (!userId) return;
  dm(userId);
  $('dm-form').reset();
  openView('dm', userId);
});

// --- composer and typing ---

let typingRoom = null;
let typingSentAt = 0;
let typingIdleTimer;

function stopTyping() {
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

function sendToRoom(room, content) {
  const clientMsgId = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  const pending = { content, afterSeq: Math.max(0, ...room.messages.keys()) };
  room.pending.set(clientMsgId, pending);
  renderMessages('bottom');
  app.client.sendMessage(room.id, content, { clientMsgId }).then(
    (ack) => { pending.seq = ack.seq; renderMessages(); },
    (err) => { room.pending.delete(clientMsgId); renderMessages(); toast(err.message); },
  );
}

function sendPrivate(conversation, content) {
  // Shown at once; the SDK re-sends it after a reconnect until acked.
  const message = { id: null, fromUserId: app.me.userId, fromUser: { id: app.me.userId, name: app.me.name }, toUserId: conversation.userId, content, timestamp: Date.now(), pending: true };
  conversation.messages.push(message);
  renderMessages('bottom');
  app.client.sendPrivateMessage(conversation.userId, content).then(
    (ack) => { message.id = ack.messageId; message.pending = false; renderMessages(); },
    (err) => { conversation.messages.splice(conversation.messages.indexOf(message), 1); renderMessages(); toast(err.message); },
  );
}

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

$('messages').addEventListener('scroll', () => {
  if (app.view?.kind === 'room' && $('messages').scrollTop < 20) loadOlder(app.rooms.get(app.view.id));
});
$('load-older').addEventListener('click', () => { if (app.view?.kind === 'room') loadOlder(app.rooms.get(app.view.id)); });

document.addEventListener('visibilitychange', () => { if (!document.hidden && app.view) openView(app.view.kind, app.view.id); });

// --- views ---

const isViewing = (kind, id) => app.view?.kind === kind && app.view.id === id;

function openView(kind, id) {
  if (!isViewing(kind, id)) stopTyping();
  app.view = { kind, id };
  const target = kind === 'room' ? app.rooms.get(id) : app.dms.get(id);
  if (target) target.unread = 0;
  renderAll('bottom');
  $('composer-input').focus();
}

function renderAll(scroll) {
  renderRooms();
  renderDms();
  renderHeader();
  renderMessages(scroll);
  renderTyping();
  renderMembers();
  $('my-dot').dataset.status = app.presence.get(app.me?.userId) ?? 'online';
}

function renderConnection(state) {
  const label = { connecting: 'connecting…', connected: 'connected', reconnecting: 'reconnecting…', disconnected: 'offline' }[state];
  $('connection').textContent = label;
  $('connection').dataset.state = state;
  $('reconnecting').hidden = state !== 'reconnecting';
}

function listItem(testId, attrs, label, unread, status) {
  const li = el('li', { 'data-testid': testId, ...attrs });
  if (status) li.append(el('span', { class: 'dot', 'data-status': status }));
  li.append(el('span', { class: 'label' }, label));
  if (unread) li.append(el('span', { class: 'badge', 'data-testid': 'unread' }, String(unread)));
  return li;
}

function renderRooms() {
  const items = [...app.rooms.values()].sort((a, b) => a.id.localeCompare(b.id)).map((room) => {
    const label = `${room.info?.visibility === 'private' ? '🔒 ' : '# '}${room.info?.name ?? room.id}`;
    const li = listItem('room-item', { 'data-room-id': room.id }, label, room.unread);
    li.classList.toggle('active', isViewing('room', room.id));
    li.addEventListener('click', () => openView('room', room.id));
    return li;
  });
  $('rooms').replaceChildren(...items);
}

function renderDms() {
  const items = [...app.dms.values()].map((c) => {
    const li = listItem('dm-item', { 'data-user-id': c.userId }, c.name, c.unread, app.presence.get(c.userId) ?? 'offline');
    li.classList.toggle('active', isViewing('dm', c.userId));
    li.addEventListener('click', () => openView('dm', c.userId));
    return li;
  });
  $('dms').replaceChildren(...items);
}

function renderHeader() {
  const room = app.view?.kind === 'room' ? app.rooms.get(app.view.id) : null;
  const conversation = app.view?.kind === 'dm' ? app.dms.get(app.view.id) : null;
  $('title').textContent = room ? `# ${room.info?.name ?? room.id}` : conversation ? `@ ${conversation.name}` : 'Pick or join a room';
  $('subtitle').textContent = room
    ? `${room.info?.visibility ?? 'public'} · ${room.members.size} member${room.members.size === 1 ? '' : 's'}`
    : conversation ? 'direct message' : '';
  $('composer-input').disabled = !app.view;
  $('composer').querySelector('button').disabled = !app.view;
}

function messageItem(message, { mine, pending }) {
  const li = el('li', {
    class: `message${mine ? ' mine' : ''}${pending ? ' pending' : ''}`,
    'data-testid': 'message',
    ...(message.seq ? { 'data-seq': String(message.seq) } : {}),
    'data-user-id': message.userId ?? message.fromUserId,
  });
  const author = message.user?.name ?? message.fromUser?.name ?? message.userId ?? message.fromUserId;
  li.append(
    el('div', { class: 'meta' },
      el('span', { class: 'author' }, author),
      el('time', {}, pending ? 'sending…' : new Date(message.timestamp).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))),
    el('div', { class: 'content' }, message.content),
  );
  return li;
}

/** Re-renders the message list; scroll: 'bottom', 'older' (keep the view while prepending) or follow if at the bottom. */
function renderMessages(scroll) {
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const fromBottom = box.scrollHeight - box.scrollTop;
  let items = [];
  const room = app.view?.kind === 'room' ? app.rooms.get(app.view.id) : null;
  if (room) {
    const messages = [...room.messages.values()].sort((a, b) => a.seq - b.seq);
    items = messages.map((m) => messageItem(m, { mine: m.userId === app.me.userId }));
    for (const [clientMsgId, pending] of room.pending) {
      if (isDelivered(room, pending)) room.pending.delete(clientMsgId);
      else items.push(messageItem({ userId: app.me.userId, user: app.me, content: pending.content }, { mine: true, pending: true }));
    }
  } else if (app.view?.kind === 'dm') {
    items = (app.dms.get(app.view.id)?.messages ?? []).map((m) => messageItem(m, { mine: m.fromUserId === app.me.userId, pending: m.pending }));
  }
  $('message-list').replaceChildren(...items);
  $('load-older').hidden = !room || !hasOlder(room);
  if (scroll === 'older') box.scrollTop = box.scrollHeight - fromBottom;
  else if (scroll === 'bottom' || atBottom) box.scrollTop = box.scrollHeight;
}

/** A sent message is shown as pending until it arrives; new-message carries no clientMsgId, so before the ack match by content. */
function isDelivered(room, pending) {
  if (pending.seq) return room.messages.has(pending.seq);
  for (const m of room.messages.values()) {
    if (m.seq > pending.afterSeq && m.userId === app.me.userId && m.content === pending.content) return true;
  }
  return false;
}

function renderTyping() {
  const room = app.view?.kind === 'room' ? app.rooms.get(app.view.id) : null;
  const names = room ? [...room.typing.values()] : [];
  $('typing').textContent = names.length === 0 ? ''
    : names.length === 1 ? `${names[0]} is typing…` : `${names.join(', ')} are typing…`;
}

function renderMembers() {
  let members = [];
  if (app.view?.kind === 'room') members = [...(app.rooms.get(app.view.id)?.members.values() ?? [])];
  else if (app.view?.kind === 'dm') members = [{ userId: app.view.id, name: app.dms.get(app.view.id)?.name ?? app.view.id }];
  const items = members.sort((a, b) => a.name.localeCompare(b.name)).map((m) => {
    const status = app.presence.get(m.userId) ?? 'offline';
    const li = listItem('member', { 'data-user-id': m.userId, 'data-status': status, title: status }, m.userId === app.me.userId ? `${m.name} (you)` : m.name, 0, status);
    if (m.userId !== app.me.userId) {
      li.classList.add('clickable');
      li.addEventListener('click', () => { dm(m.userId, m.name); openView('dm', m.userId); });
    }
    return li;
  });
  $('member-list').replaceChildren(...items);
}

// --- helpers ---

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children); // text nodes: user content is never parsed as HTML
  return node;
}

let toastTimer;
function toast(text) {
  $('toast').textContent = text;
  $('toast').hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { $('toast').hidden = true; }, 4000);
}

// Stay signed in across reloads of this tab.
const savedName = sessionStorage.getItem('orleans-chat-name');
if (savedName) {
  $('signin-name').value = savedName;
  signIn(savedName).catch((err) => { $('signin-error').textContent = err.message; $('signin-error').hidden = false; });
}
