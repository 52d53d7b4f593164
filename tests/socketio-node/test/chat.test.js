// The chat protocol over Socket.IO with the real socket.io-client: every core flow once per
// transport mode (websocket only, polling only, polling upgraded to websocket).
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { delay, startGateway, uniqueId } from '../support/gateway.js';
import { TRANSPORT_MODES, closeAll, connectUser, request, settle, waitForTransport } from '../support/sio.js';

let gateway;
before(async () => { gateway = await startGateway(); });
after(async () => { await gateway?.stop(); });

const QUIET_MS = 300;

for (const [mode, { transports, expected }] of Object.entries(TRANSPORT_MODES)) {
  describe(`chat over Socket.IO (${mode})`, () => {
    let sockets = [];
    /** Connects a user over this mode's transports; closed after the test. */
    const connect = async (userId = uniqueId('user')) => {
      const socket = await connectUser(gateway, userId, { transports });
      sockets.push(socket);
      return socket;
    };

    afterEach(async () => {
      try {
        // Every client of the test ends on the mode's transport (the upgrade mode: opened with
        // polling, then upgraded to websocket).
        for (const socket of sockets) {
          await waitForTransport(socket, expected);
          if (mode === 'upgrade') {
            assert.equal(socket.openedWith[0], 'polling');
            assert.deepEqual(socket.upgradedTo, ['websocket']);
          } else {
            assert.deepEqual(socket.openedWith, [expected]);
            assert.deepEqual(socket.upgradedTo, []);
          }
        }
      } finally {
        closeAll(...sockets);
        sockets = [];
      }
    });

    test('join-room, message with ack, new-message to both members (with the recovery offset)', async () => {
      const roomId = uniqueId('room');
      const alice = await connect();
      const bob = await connect();

      const aliceJoin = await request(alice, 'join-room', roomId);
      assert.equal(aliceJoin.success, true);
      assert.equal(aliceJoin.room.id, roomId);
      assert.equal(aliceJoin.room.visibility, 'public');
      assert.deepEqual(aliceJoin.recentMessages, []);
      assert.equal(aliceJoin.lastSeq, 0);
      assert.deepEqual(aliceJoin.members.map((m) => m.userId), [alice.userId]);

      const bobJoin = await request(bob, 'join-room', { roomId });
      assert.equal(bobJoin.success, true);
      assert.deepEqual(bobJoin.members.map((m) => m.userId).sort(), [alice.userId, bob.userId].sort());
      const joined = await alice.log.waitFor('user-joined', (p) => p.roomId === roomId);
      assert.deepEqual(joined, { userId: bob.userId, user: { id: bob.userId, name: bob.userId }, roomId });

      const before = Date.now();
      const ack = await request(alice, 'message', { roomId, content: 'hello over socket.io', clientMsgId: 'c-1' });
      assert.equal(ack.success, true);
      assert.equal(typeof ack.messageId, 'string');
      assert.equal(ack.seq, 1);
      assert.ok(Math.abs(ack.timestamp - before) < 60_000);

      for (const socket of [alice, bob]) {
        const entry = await socket.log.waitForEntry('new-message', (m) => m.id === ack.messageId);
        assert.deepEqual(entry.payload, {
          id: ack.messageId,
          roomId,
          seq: 1,
          userId: alice.userId,
          user: { id: alice.userId, name: alice.userId },
          content: 'hello over socket.io',
          type: 'text',
          timestamp: ack.timestamp,
          edited: false,
          deleted: false,
        });
        // Connection state recovery is on: the offset of the message is the last argument.
        assert.deepEqual(entry.args.slice(1), [`1:${roomId}`]);
      }

      const reply = await request(bob, 'message', { roomId, content: 'hi alice' });
      assert.equal(reply.seq, 2);
      await alice.log.waitFor('new-message', (m) => m.id === reply.messageId && m.seq === 2 && m.userId === bob.userId);

      // The same clientMsgId again: the first message's id and seq, stored and delivered once.
      const again = await request(alice, 'message', { roomId, content: 'hello over socket.io', clientMsgId: 'c-1' });
      assert.equal(again.messageId, ack.messageId);
      assert.equal(again.seq, 1);
      await delay(QUIET_MS);
      for (const socket of [alice, bob]) {
        assert.deepEqual(socket.log.payloads('new-message', (m) => m.roomId === roomId).map((m) => m.seq), [1, 2]);
      }
    });

    test('a later joiner gets the recent messages in its ack, then live ones with higher seq', async () => {
      const roomId = uniqueId('room');
      const alice = await connect();
      await request(alice, 'join-room', roomId);
      for (const content of ['one', 'two']) await request(alice, 'message', { roomId, content });

      const bob = await connect();
      const join = await request(bob, 'join-room', roomId);
      assert.deepEqual(join.recentMessages.map((m) => [m.seq, m.content]), [[1, 'one'], [2, 'two']]);
      assert.equal(join.lastSeq, 2);

      await request(alice, 'message', { roomId, content: 'three' });
      const live = await bob.log.waitFor('new-message', (m) => m.roomId === roomId);
      assert.equal(live.seq, 3);
      assert.equal(live.content, 'three');
    });

    test('typing -> user-typing and stop-typing -> user-stopped-typing reach the other member only', async () => {
      const roomId = uniqueId('room');
      const alice = await connect();
      const bob = await connect();
      await request(alice, 'join-room', roomId);
      await request(bob, 'join-room', roomId);

      alice.emit('typing', { roomId }); // no ack, as a UI would send it
      const typing = await bob.log.waitFor('user-typing', (p) => p.roomId === roomId);
      assert.deepEqual(typing, { userId: alice.userId, user: { id: alice.userId, name: alice.userId }, roomId });

      assert.deepEqual(await request(alice, 'stop-typing', { roomId }), { success: true });
      const stopped = await bob.log.waitFor('user-stopped-typing', (p) => p.roomId === roomId);
      assert.deepEqual(stopped, { userId: alice.userId, roomId });

      await delay(QUIET_MS);
      assert.equal(alice.log.payloads('user-typing').length, 0);
      assert.equal(alice.log.payloads('user-stopped-typing').length, 0);
      assert.equal(alice.log.payloads('error').length, 0, 'a successful event without ack is silent');
    });

    test('update-status -> presence-update to the members of the user\'s rooms', async () => {
      const roomId = uniqueId('room');
      const alice = await connect();
      const bob = await connect();
      await request(alice, 'join-room', roomId);
      await request(bob, 'join-room', roomId);

      assert.deepEqual(await request(alice, 'update-status', 'away'), { success: true });
      const away = await bob.log.waitFor('presence-update', (p) => p.userId === alice.userId && p.status === 'away');
      assert.equal(typeof away.timestamp, 'number');

      assert.deepEqual(await request(alice, 'update-status', { status: 'busy' }), { success: true });
      await bob.log.waitFor('presence-update', (p) => p.userId === alice.userId && p.status === 'busy');

      assert.deepEqual(await request(alice, 'update-status', 'invisible'), { error: 'Invalid message format', code: 'invalid_format' });
    });

    test('private message to an online user: delivered true and a private-message event', async () => {
      const alice = await connect();
      const bob = await connect();

      const ack = await request(alice, 'private-message', { targetUserId: bob.userId, content: 'psst' });
      assert.equal(ack.success, true);
      assert.equal(ack.delivered, true);
      const message = await bob.log.waitFor('private-message', (m) => m.id === ack.messageId);
      assert.equal(message.fromUserId, alice.userId);
      assert.deepEqual(message.fromUser, { id: alice.userId, name: alice.userId });
      assert.equal(message.toUserId, bob.userId);
      assert.equal(message.content, 'psst');
      assert.equal(message.type, 'text');
      assert.equal(typeof message.timestamp, 'number');
      assert.equal(message.conversationId, ack.conversationId);
      assert.equal(message.seq, 1);
      assert.equal(ack.seq, 1);
      const [first, second] = [alice.userId, bob.userId].sort(); // ordinal (UTF-16) order; these ids need no escaping
      assert.equal(ack.conversationId, `dm:${first}:${second}`);

      // The sender's connections see what they sent, once.
      const echo = await alice.log.waitFor('private-message', (m) => m.id === ack.messageId);
      assert.equal(echo.seq, 1);
      await delay(QUIET_MS);
      assert.equal(alice.log.payloads('private-message').length, 1);
    });

    test('private message to an offline user: delivered false, then pending-messages right after connected', async () => {
      const alice = await connect();
      const carolId = uniqueId('carol');

      const first = await request(alice, 'private-message', { targetUserId: carolId, content: 'while you were out 1' });
      const second = await request(alice, 'private-message', { targetUserId: carolId, content: 'while you were out 2' });
      assert.equal(first.success, true);
      assert.equal(first.delivered, false);
      assert.equal(second.delivered, false);

      const carol = await connect(carolId);
      const pending = await carol.log.waitFor('pending-messages');
      assert.deepEqual(carol.log.events.slice(0, 2).map((e) => e.event), ['connected', 'pending-messages']);
      assert.deepEqual(pending.map((m) => m.id), [first.messageId, second.messageId]);
      assert.deepEqual(pending.map((m) => m.content), ['while you were out 1', 'while you were out 2']);
      assert.deepEqual(pending.map((m) => m.seq), [1, 2]);
      for (const m of pending) {
        assert.equal(m.fromUserId, alice.userId);
        assert.equal(m.toUserId, carolId);
      }
      assert.equal(carol.log.payloads('private-message').length, 0);
    });

    test('get-history: ascending seq, limit, beforeSeq and afterSeq', async () => {
      const roomId = uniqueId('room');
      const alice = await connect();
      await request(alice, 'join-room', roomId);
      for (let i = 1; i <= 5; i++) await request(alice, 'message', { roomId, content: `m${i}` });

      const all = await request(alice, 'get-history', { roomId });
      assert.equal(all.success, true);
      assert.deepEqual(all.messages.map((m) => [m.seq, m.content]), [[1, 'm1'], [2, 'm2'], [3, 'm3'], [4, 'm4'], [5, 'm5']]);
      assert.deepEqual((await request(alice, 'get-history', { roomId, limit: 2 })).messages.map((m) => m.seq), [4, 5]);
      assert.deepEqual((await request(alice, 'get-history', { roomId, beforeSeq: 4, limit: 2 })).messages.map((m) => m.seq), [2, 3]);
      assert.deepEqual((await request(alice, 'get-history', { roomId, afterSeq: 1, limit: 2 })).messages.map((m) => m.seq), [2, 3]);
    });

    test('error acks: not_in_room, invalid_format, unknown_event (ping is native-only)', async () => {
      const alice = await connect();
      const roomId = uniqueId('room');
      const notInRoom = { error: 'Not in room', code: 'not_in_room' };
      const invalid = { error: 'Invalid message format', code: 'invalid_format' };
      const unknown = { error: 'Unknown event', code: 'unknown_event' };

      assert.deepEqual(await request(alice, 'message', { roomId, content: 'not a member' }), notInRoom);
      assert.deepEqual(await request(alice, 'get-history', { roomId }), notInRoom);
      assert.deepEqual(await request(alice, 'typing', { roomId }), notInRoom);

      await request(alice, 'join-room', roomId);
      assert.deepEqual(await request(alice, 'message', { roomId, content: 42 }), invalid);
      assert.deepEqual(await request(alice, 'message', { roomId, content: '' }), invalid);
      assert.deepEqual(await request(alice, 'message', { content: 'no room' }), invalid);
      assert.deepEqual(await request(alice, 'join-room', 42), invalid);
      assert.deepEqual(await request(alice, 'private-message', { content: 'to nobody' }), invalid);
      assert.deepEqual(await alice.timeout(10_000).emitWithAck('join-room'), invalid, 'no payload at all');

      assert.deepEqual(await request(alice, 'ping', {}), unknown);
      assert.deepEqual(await request(alice, 'no-such-event', {}), unknown);
      await delay(QUIET_MS);
      assert.equal(alice.log.payloads('pong').length, 0);
      assert.equal(alice.log.payloads('error').length, 0, 'failures with an ack are not also error events');

      // The connection is still healthy after the bad requests.
      assert.equal((await request(alice, 'message', { roomId, content: 'still fine' })).success, true);
    });

    test('a failing event without ack is answered with an error event', async () => {
      const alice = await connect();
      const roomId = uniqueId('room');

      alice.emit('message', { roomId, content: 'not a member' });
      assert.deepEqual(await alice.log.waitFor('error'), { error: 'Not in room', code: 'not_in_room' });

      alice.emit('ping');
      await alice.log.waitForCount('error', 2);
      alice.emit('join-room', { roomId: 17 });
      const errors = await alice.log.waitForCount('error', 3);
      assert.deepEqual(errors.map((e) => e.payload.code), ['not_in_room', 'unknown_event', 'invalid_format']);
      assert.equal(alice.log.payloads('pong').length, 0);
      assert.equal(alice.connected, true);
      await settle(alice);
    });
  });
}

describe('chat over Socket.IO: known gateway issue', () => {
  // GATEWAY ISSUE (reported, not fixed here; both protocols, it is in the room fan-out): room events
  // other than messages (user-joined, user-left, typing, presence) carry no seq, so one published
  // just before a session registered for the room can still reach it through the stream. A user who
  // joins right after another one often gets a user-joined about the earlier member, who was
  // already in its join ack's members list. Depends on stream timing, so it fails most runs only.
  test('a later joiner is not told that an earlier member joined', { todo: 'gateway: stale user-joined after join' }, async () => {
    const roomId = uniqueId('room');
    const alice = await connectUser(gateway, uniqueId('user'), { transports: ['websocket'] });
    const bob = await connectUser(gateway, uniqueId('user'), { transports: ['websocket'] });
    try {
      await request(alice, 'join-room', roomId);
      const join = await request(bob, 'join-room', roomId);
      assert.ok(join.members.some((m) => m.userId === alice.userId));
      await alice.log.waitFor('user-joined', (p) => p.userId === bob.userId);
      await delay(QUIET_MS);
      assert.deepEqual(bob.log.payloads('user-joined'), []);
    } finally {
      closeAll(alice, bob);
    }
  });
});
