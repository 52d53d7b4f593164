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
  dms: new Map(), // other user's id -> conversation state, see dm()
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
  await loadConversations();
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

function wireEvents(client) {
  client.on('state', renderConnection);
  client.on('connected', ({ rooms }) => {
    // The server's list of the user's rooms is the truth, also after a reconnect.
    for (const roomId of app.rooms.keys()) if (!rooms.includes(roomId)) app.rooms.delete(roomId);
    for (const roomId of rooms) if (!app.rooms.has(roomId)) loadRoom(roomId);
    renderRooms();
  });
  client.on('recovered', ({ rooms, conversations }) => {
    let missed = 0;
    for (const { roomId, members, missed: count } of rooms) {
      missed += count;
      if (members && app.rooms.has(roomId)) setMembers(app.rooms.get(roomId), members);
    }
    for (const conversation of conversations) missed += conversation.missed;
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
  // Each private message comes once (live, unread on connect, or recovered after a reconnect).
  client.on('private-message', (message) => addPrivateMessage(message));
  client.on('pending-messages', (messages) => {
    if (messages.length) toast(`${messages.length} unread private message${messages.length === 1 ? '' : 's'}`);
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

// Rooms and conversations alike: messages by seq.
const oldestSeq = (target) => (target.messages.size ? Math.min(...target.messages.keys()) : Infinity);
const hasOlder = (target) => !target.noOlder && target.messages.size > 0 && oldestSeq(target) > 1;

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

// --- private messages (durable conversations: get-conversations, get-private-history, mark-read) ---

/** The conversation with userId; unread = lastSeq - readSeq, as the server counts it. */
function dm(userId, name) {
  if (!app.dms.has(userId)) {
    app.dms.set(userId, {
      userId,
      name: name ?? userId,
      messages: new Map(), // seq -> private message
      pending: new Map(), // clientMsgId -> { content, afterSeq, seq? } until the message shows up
      lastSeq: 0,
      readSeq: null, // the user's read cursor; null until the server or a first message tells
      markedSeq: 0, // the read cursor the server acked
      marking: false,
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

const unreadOf = (conversation) => Math.max(0, conversation.lastSeq - (conversation.readSeq ?? conversation.lastSeq));

/** The sidebar: the user's conversations with their unread counts, from the server. */
async function loadConversations() {
  try {
    const { conversations } = await app.client.getConversations();
    for (const summary of conversations) {
      const conversation = dm(summary.withUser.id, summary.withUser.name);
      conversation.lastSeq = Math.max(conversation.lastSeq, summary.lastSeq);
      conversation.readSeq = Math.max(summary.lastSeq - summary.unread, conversation.markedSeq);
      conversation.markedSeq = Math.max(conversation.markedSeq, conversation.readSeq);
      conversation.lastActivity = Math.max(conversation.lastActivity, summary.lastMessage?.timestamp ?? 0);
    }
    renderDms();
  } catch (err) {
    toast(`Conversations: ${err.message}`);
  }
}

function addPrivateMessage(message) {
  const fromMe = message.fromUserId === app.me.userId;
  const conversation = fromMe ? dm(message.toUserId) : dm(message.fromUserId, message.fromUser?.name);
  addPrivateMessages(conversation, [message]);
  // A conversation first met through this message: what came before it counts as read; the user's own messages are read.
  if (conversation.readSeq == null) conversation.readSeq = message.seq - 1;
  if (fromMe) conversation.readSeq = Math.max(conversation.readSeq, message.seq);
  renderDms();
  if (isViewing('dm', conversation.userId)) {
    renderMessages();
    markRead(conversation);
  }
}

function addPrivateMessages(conversation, messages) {
  for (const message of messages) {
    conversation.messages.set(message.seq, message);
    conversation.lastSeq = Math.max(conversation.lastSeq, message.seq);
    conversation.lastActivity = Math.max(conversation.lastActivity, message.timestamp);
  }
}

/** The newest page of the conversation, once per page load; older pages on scroll. */
async function loadConversation(conversation) {
  if (conversation.loaded) return;
  conversation.loaded = true;
  try {
    const { messages, lastSeq } = await app.client.getPrivateHistory(conversation.userId, { limit: HISTORY_PAGE });
    addPrivateMessages(conversation, messages);
    conversation.lastSeq = Math.max(conversation.lastSeq, lastSeq);
    conversation.noOlder = messages.length < HISTORY_PAGE;
    if (isViewing('dm', conversation.userId)) {
      renderMessages('bottom');
      markRead(conversation);
    }
  } catch (err) {
    conversation.loaded = false;
    toast(`${conversation.name}: ${err.message}`);
  }
}

async function loadOlderPrivate(conversation) {
  if (conversation.loadingOlder || !hasOlder(conversation)) return;
  conversation.loadingOlder = true;
  try {
    const { messages } = await app.client.getPrivateHistory(conversation.userId, { beforeSeq: oldestSeq(conversation), limit: HISTORY_PAGE });
    addPrivateMessages(conversation, messages);
    conversation.noOlder = messages.length < HISTORY_PAGE;
    if (isViewing('dm', conversation.userId)) renderMessages('older');
  } catch (err) {
    toast(err.message);
  } finally {
    conversation.loadingOlder = false;
  }
}

/** The conversation is on screen: move the read cursor to its newest message (one mark-read in flight at a time). */
function markRead(conversation) {
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
      if (isViewing('dm', conversation.userId)) markRead(conversation);
    },
    (err) => {
      conversation.marking = false;
      toast(`mark-read: ${err.message}`);
    },
  );
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
  // Shown at once as pending until its private-message event comes; the SDK re-sends it after a reconnect until acked.
  const clientMsgId = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  const pending = { content, afterSeq: conversation.lastSeq };
  conversation.pending.set(clientMsgId, pending);
  renderMessages('bottom');
  app.client.sendPrivateMessage(conversation.userId, content, { clientMsgId }).then(
    (ack) => { pending.seq = ack.seq; renderMessages(); },
    (err) => { conversation.pending.delete(clientMsgId); renderMessages(); toast(err.message); },
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

function loadOlderInView() {
  if (app.view?.kind === 'room') loadOlder(app.rooms.get(app.view.id));
  else if (app.view?.kind === 'dm') loadOlderPrivate(app.dms.get(app.view.id));
}

$('messages').addEventListener('scroll', () => { if ($('messages').scrollTop < 20) loadOlderInView(); });
$('load-older').addEventListener('click', loadOlderInView);

document.addEventListener('visibilitychange', () => { if (!document.hidden && app.view) openView(app.view.kind, app.view.id); });

// --- views ---

const isViewing = (kind, id) => app.view?.kind === kind && app.view.id === id;

function openView(kind, id) {
  if (!isViewing(kind, id)) stopTyping();
  app.view = { kind, id };
  sessionStorage.setItem('orleans-chat-view', JSON.stringify(app.view));
  if (kind === 'room') {
    const room = app.rooms.get(id);
    if (room) room.unread = 0;
  } else {
    const conversation = dm(id);
    loadConversation(conversation);
    markRead(conversation);
  }
  renderAll('bottom');
  $('composer-input').focus();
}

/** After a page reload: the room or conversation that was open. */
function restoreView() {
  try {
    const view = JSON.parse(sessionStorage.getItem('orleans-chat-view') ?? 'null');
    if (view?.kind === 'dm' || (view?.kind === 'room' && app.rooms.has(view.id))) openView(view.kind, view.id);
  } catch {
    sessionStorage.removeItem('orleans-chat-view');
  }
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
  const recentFirst = (a, b) => b.lastActivity - a.lastActivity || a.name.localeCompare(b.name);
  const items = [...app.dms.values()].sort(recentFirst).map((c) => {
    const li = listItem('dm-item', { 'data-user-id': c.userId }, c.name, unreadOf(c), app.presence.get(c.userId) ?? 'offline');
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
  const target = app.view?.kind === 'room' ? app.rooms.get(app.view.id) : app.view?.kind === 'dm' ? app.dms.get(app.view.id) : null;
  const items = [];
  if (target) {
    for (const m of [...target.messages.values()].sort((a, b) => a.seq - b.seq)) {
      items.push(messageItem(m, { mine: (m.userId ?? m.fromUserId) === app.me.userId }));
    }
    for (const [clientMsgId, pending] of target.pending) {
      if (isDelivered(target, pending)) target.pending.delete(clientMsgId);
      else items.push(messageItem({ userId: app.me.userId, user: app.me, content: pending.content }, { mine: true, pending: true }));
    }
  }
  $('message-list').replaceChildren(...items);
  $('load-older').hidden = !target || !hasOlder(target);
  if (scroll === 'older') box.scrollTop = box.scrollHeight - fromBottom;
  else if (scroll === 'bottom' || atBottom) box.scrollTop = box.scrollHeight;
}

/** A sent message is shown as pending until it arrives; events carry no clientMsgId, so before the ack match by content. */
function isDelivered(target, pending) {
  if (pending.seq) return target.messages.has(pending.seq);
  for (const m of target.messages.values()) {
    if (m.seq > pending.afterSeq && (m.userId ?? m.fromUserId) === app.me.userId && m.content === pending.content) return true;
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
