'use strict';
// Baseline for the Orleans.Chat benchmark: the chat events the benchmark measures, on a plain
// Socket.IO 4.8 server, in memory, in one process. Same wire contract as Orleans.Chat's
// Socket.IO endpoint (docs/PROTOCOL.md): join-room and message with acks, a gap-free seq per
// room, new-message to every socket in the room including the sender; private-message with an ack,
// a gap-free seq per two-user conversation, and the private-message event to every socket of the
// recipient and of the sender (each socket joins a room named after its user id).
//
//   node server.js --port 3000 [--host 127.0.0.1]
//
// Authentication is a trivial check: the CONNECT auth payload { token } must be a non-empty
// string, and it is taken as the user id.

const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { Server } = require('socket.io');

const HISTORY_PER_ROOM = 1000;
const RECENT_MESSAGES = 50;
const MAX_CONTENT_LENGTH = 4000;
const MAX_ID_LENGTH = 128;

function argument(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const port = Number(argument('port', '3000'));
const host = argument('host', '127.0.0.1');

/** roomId -> { id, seq, members: Map(userId -> name), history: message[] (oldest first) } */
const rooms = new Map();

/** conversationId -> { id, seq, history: message[] (oldest first) }: no storage, read state or unread cap. */
const conversations = new Map();

/** docs/PROTOCOL.md: "dm:" + esc(a) + ":" + esc(b), a <= b in UTF-16 code unit order. */
function conversationId(userA, userB) {
  const esc = (id) => id.replace(/%/g, '%25').replace(/:/g, '%3A');
  const [a, b] = userA <= userB ? [userA, userB] : [userB, userA];
  return `dm:${esc(a)}:${esc(b)}`;
}

function conversationOf(userA, userB) {
  const id = conversationId(userA, userB);
  let conversation = conversations.get(id);
  if (!conversation) {
    conversation = { id, seq: 0, history: [] };
    conversations.set(id, conversation);
  }
  return conversation;
}

/** The room holding every socket of a user, for private messages. */
function userRoom(userId) {
  return `user:${userId}`;
}

function roomOf(id) {
  let room = rooms.get(id);
  if (!room) {
    room = { id, seq: 0, members: new Map(), history: [] };
    rooms.set(id, room);
  }
  return room;
}

function validId(value) {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function fail(ack, error, code) {
  if (typeof ack === 'function') ack({ error, code });
}

const httpServer = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  res.writeHead(404);
  res.end();
});

const io = new Server(httpServer, {
  serveClient: false,
  maxHttpBufferSize: 65536,
  cors: { origin: '*' },
});

io.use((socket, next) => {
  const token = socket.handshake.auth && socket.handshake.auth.token;
  if (typeof token !== 'string' || token.length === 0) {
    next(new Error('Authentication required'));
    return;
  }
  socket.data.user = { id: token, name: token };
  next();
});

io.on('connection', (socket) => {
  const user = socket.data.user;
  socket.join(userRoom(user.id));
  socket.emit('connected', { sessionId: socket.id, userId: user.id, serverTime: Date.now(), rooms: [] });

  socket.on('join-room', (payload, ack) => {
    const roomId = typeof payload === 'string' ? payload : payload && payload.roomId;
    if (!validId(roomId)) return fail(ack, 'Invalid message format', 'invalid_format');
    const room = roomOf(roomId);
    room.members.set(user.id, user.name);
    socket.join(roomId);
    if (typeof ack !== 'function') return undefined;
    const members = [];
    for (const [userId, name] of room.members) members.push({ userId, name, status: 'online' });
    ack({
      success: true,
      room: { id: room.id, name: room.id, visibility: 'public', ownerId: null },
      members,
      recentMessages: room.history.slice(-RECENT_MESSAGES),
      lastSeq: room.seq,
    });
    return undefined;
  });

  socket.on('private-message', (payload, ack) => onPrivateMessage(user, payload, ack));

  socket.on('message', (payload, ack) => {
    if (!payload || typeof payload !== 'object' || !validId(payload.roomId)
      || typeof payload.content !== 'string' || payload.content.trim().length === 0) {
      return fail(ack, 'Invalid message format', 'invalid_format');
    }
    if (payload.content.length > MAX_CONTENT_LENGTH) return fail(ack, 'Content too long', 'content_too_long');
    const room = rooms.get(payload.roomId);
    if (!room || !room.members.has(user.id)) return fail(ack, 'Not in room', 'not_in_room');

    const message = {
      id: randomUUID().replace(/-/g, ''),
      roomId: room.id,
      seq: ++room.seq,
      userId: user.id,
      user: { id: user.id, name: user.name },
      content: payload.content,
      type: typeof payload.type === 'string' && payload.type ? payload.type : 'text',
      timestamp: Date.now(),
      edited: false,
      deleted: false,
    };
    room.history.push(message);
    if (room.history.length > 2 * HISTORY_PER_ROOM) room.history.splice(0, room.history.length - HISTORY_PER_ROOM);

    if (typeof ack === 'function') ack({ success: true, messageId: message.id, seq: message.seq, timestamp: message.timestamp });
    io.to(room.id).emit('new-message', message);
    return undefined;
  });
});

function onPrivateMessage(user, payload, ack) {
  if (!payload || typeof payload !== 'object' || !validId(payload.targetUserId)
    || typeof payload.content !== 'string' || payload.content.trim().length === 0) {
    return fail(ack, 'Invalid message format', 'invalid_format');
  }
  if (payload.content.length > MAX_CONTENT_LENGTH) return fail(ack, 'Content too long', 'content_too_long');
  const conversation = conversationOf(user.id, payload.targetUserId);
  const message = {
    id: randomUUID().replace(/-/g, ''),
    conversationId: conversation.id,
    seq: ++conversation.seq,
    fromUserId: user.id,
    fromUser: { id: user.id, name: user.name },
    toUserId: payload.targetUserId,
    content: payload.content,
    type: typeof payload.type === 'string' && payload.type ? payload.type : 'text',
    timestamp: Date.now(),
    edited: false,
    deleted: false,
  };
  conversation.history.push(message);
  if (conversation.history.length > 2 * HISTORY_PER_ROOM) conversation.history.splice(0, conversation.history.length - HISTORY_PER_ROOM);

  // No `delivered` field: the server does not learn whether a socket of the recipient took it.
  if (typeof ack === 'function') {
    ack({ success: true, messageId: message.id, conversationId: conversation.id, seq: message.seq, timestamp: message.timestamp });
  }
  io.to([userRoom(user.id), userRoom(payload.targetUserId)]).emit('private-message', message);
  return undefined;
}

httpServer.listen(port, host, () => {
  console.log(`socketio-node baseline listening on http://${host}:${port} (socket.io ${require('socket.io/package.json').version}, node ${process.version})`);
});

function shutdown() {
  io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
