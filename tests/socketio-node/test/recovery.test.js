// Connection state recovery with the real socket.io-client: a client whose transport drops
// reconnects by itself, the server recognises its pid, socket.recovered is true and the room
// messages it missed are replayed (from room seq/history) exactly once, in seq order, before
// live ones continue with no gap and no duplicate.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { delay, startGateway, uniqueId } from '../support/gateway.js';
import { startProxy } from '../support/proxy.js';
import { TRANSPORT_MODES, closeAll, connectOutcome, connectUser, request, waitForTransport } from '../support/sio.js';

let gateway;
before(async () => { gateway = await startGateway(); });
after(async () => { await gateway?.stop(); });

// B stays away this long before its automatic reconnect: long enough for A to send while B is gone.
const AWAY_MS = 1500;
const QUIET_MS = 300;

/** The seqs of the room's new-message events a socket received, in arrival order. */
const seqsOf = (socket, roomId) => socket.log.payloads('new-message', (m) => m.roomId === roomId).map((m) => m.seq);
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Sends `count` messages from `socket` to the room and returns their acks' seqs. */
async function send(socket, roomId, count, label) {
  const seqs = [];
  for (let i = 0; i < count; i++) {
    const ack = await request(socket, 'message', { roomId, content: `${label} ${i + 1}` });
    assert.equal(ack.success, true, JSON.stringify(ack));
    seqs.push(ack.seq);
  }
  return seqs;
}

/**
 * Drops B's Engine.IO connection the way a network failure does for the client (it reconnects by
 * itself), and resolves once the gateway has finished B's disconnect: A sees B go offline.
 */
async function cut(a, b) {
  const disconnected = new Promise((resolve) => b.once('disconnect', resolve));
  const offlineBefore = a.log.payloads('presence-update', (p) => p.userId === b.userId && p.status === 'offline').length;
  b.io.engine.close();
  const reason = await disconnected;
  await a.log.waitForCount('presence-update', offlineBefore + 1, (p) => p.userId === b.userId && p.status === 'offline');
  return reason;
}

for (const [mode, { transports, expected }] of Object.entries(TRANSPORT_MODES)) {
  describe(`connection state recovery (${mode})`, () => {
    let sockets = [];
    const connect = async (options = {}) => {
      const socket = await connectUser(gateway, uniqueId('user'), { transports, ...options });
      sockets.push(socket);
      return socket;
    };
    afterEach(() => { closeAll(...sockets); sockets = []; });

    test('a short drop: recovered, missed messages replayed once in seq order, then live ones', async () => {
      const roomId = uniqueId('room');
      const a = await connect();
      const b = await connect({ reconnectionDelay: AWAY_MS, randomizationFactor: 0 });
      await request(a, 'join-room', roomId);
      await request(b, 'join-room', roomId);
      await send(a, roomId, 2, 'before');
      await b.log.waitForCount('new-message', 2, (m) => m.roomId === roomId);
      const firstId = b.id;
      assert.equal(b.recovered, false);

      const reconnected = connectOutcome(b, AWAY_MS + 10_000);
      const reason = await cut(a, b);
      assert.equal(reason, 'forced close');
      const missed = await send(a, roomId, 5, 'while away');
      assert.deepEqual(missed, range(3, 7));
      assert.equal(b.connected, false, 'the messages were sent while B was away');

      await reconnected;
      assert.equal(b.recovered, true);
      assert.equal(b.id, firstId, 'a recovered socket keeps its id');
      await waitForTransport(b, expected);
      await b.log.waitForCount('new-message', 7, (m) => m.roomId === roomId);

      const live = await send(a, roomId, 3, 'after');
      assert.deepEqual(live, range(8, 10));
      await b.log.waitForCount('new-message', 10, (m) => m.roomId === roomId);
      await delay(QUIET_MS);
      assert.deepEqual(seqsOf(b, roomId), range(1, 10), 'every message once, in seq order');
      assert.deepEqual(seqsOf(a, roomId), range(1, 10));
      assert.deepEqual(b.log.payloads('new-message', (m) => m.roomId === roomId).map((m) => m.content),
        ['before 1', 'before 2', ...range(1, 5).map((i) => `while away ${i}`), ...range(1, 3).map((i) => `after ${i}`)]);
      // The replayed messages carry their offsets too, so a second drop resumes from the right place.
      for (const entry of b.log.entries('new-message', (m) => m.roomId === roomId)) {
        assert.deepEqual(entry.args.slice(1), [`${entry.payload.seq}:${roomId}`]);
      }
      // The recovered connection is a full chat session.
      assert.equal(b.log.payloads('connected').length, 2);
      assert.deepEqual(b.log.payloads('connected')[1].rooms, [roomId]);
      assert.equal((await request(b, 'message', { roomId, content: 'back' })).seq, 11);
    });

    test('two drops in a row, messages in two rooms: both recovered with nothing lost or repeated', async () => {
      const [room1, room2] = [uniqueId('room'), uniqueId('room')];
      const a = await connect();
      const b = await connect({ reconnectionDelay: AWAY_MS, randomizationFactor: 0 });
      for (const roomId of [room1, room2]) {
        await request(a, 'join-room', roomId);
        await request(b, 'join-room', roomId);
      }
      await send(a, room1, 1, 'r1');
      await send(a, room2, 1, 'r2');
      await b.log.waitForCount('new-message', 2);

      for (let drop = 1; drop <= 2; drop++) {
        const reconnected = connectOutcome(b, AWAY_MS + 10_000);
        await cut(a, b);
        await send(a, room1, 2, `r1 drop ${drop}`);
        await send(a, room2, 3, `r2 drop ${drop}`);
        assert.equal(b.connected, false);
        await reconnected;
        assert.equal(b.recovered, true, `recovered after drop ${drop}`);
        // Everything missed so far arrived before the next drop (see the known issue below for a
        // drop that comes sooner).
        await b.log.waitForCount('new-message', 1 + 2 * drop, (m) => m.roomId === room1);
        await b.log.waitForCount('new-message', 1 + 3 * drop, (m) => m.roomId === room2);
      }

      await send(a, room1, 1, 'live');
      await send(a, room2, 1, 'live');
      await b.log.waitForCount('new-message', 6, (m) => m.roomId === room1);
      await b.log.waitForCount('new-message', 8, (m) => m.roomId === room2);
      await delay(QUIET_MS);
      assert.deepEqual(seqsOf(b, room1), range(1, 6));
      assert.deepEqual(seqsOf(b, room2), range(1, 8));
    });
  });
}

describe('connection state recovery: known gateway issue', () => {
  let sockets = [];
  let proxy;
  before(async () => { proxy = await startProxy(gateway.baseUrl); });
  after(async () => { await proxy?.close(); });
  afterEach(() => { closeAll(...sockets); sockets = []; });

  // GATEWAY BUG (reported, not fixed here): the recovery point saved on disconnect holds, per room,
  // the seq of the last message the server *queued* for the session, and the client's offset on
  // reconnect can only raise it (ChatSocketIoHandler.WithOffset keeps the larger of the two).
  // Messages the server wrote into a connection that died before they reached the client are
  // therefore skipped for good, although the client's offset says exactly where it stopped.
  // The reference Socket.IO server replays everything after the client's offset.
  // B's connection goes through a proxy that swallows what the server sends, then is cut.
  test('messages the server wrote into a dying connection are replayed after the client offset', async () => {
    const roomId = uniqueId('room');
    const a = await connectUser(gateway, uniqueId('user'), { transports: ['websocket'] });
    const b = await connectUser(gateway, uniqueId('user'), { url: proxy.baseUrl, transports: ['websocket'], reconnectionDelay: 300, randomizationFactor: 0 });
    sockets.push(a, b);
    await request(a, 'join-room', roomId);
    await request(b, 'join-room', roomId);
    await send(a, roomId, 1, 'seen');
    await b.log.waitForCount('new-message', 1, (m) => m.roomId === roomId);

    // The network starts losing what the server sends to B; the server writes 2..4 all the same.
    proxy.blackhole = true;
    await send(a, roomId, 3, 'lost in the network');
    await a.log.waitForCount('new-message', 4, (m) => m.roomId === roomId);
    await delay(QUIET_MS);
    assert.deepEqual(seqsOf(b, roomId), [1]);

    // The connection breaks; B reconnects by itself (offset "1:<room>") over a working network.
    const reconnected = connectOutcome(b, 15_000);
    proxy.cutAll();
    proxy.blackhole = false;
    await reconnected;
    assert.equal(b.recovered, true);

    await send(a, roomId, 1, 'live');
    await b.log.waitForCount('new-message', 5, (m) => m.roomId === roomId, 3_000);
    await delay(QUIET_MS);
    assert.deepEqual(seqsOf(b, roomId), range(1, 5));
  });
});
