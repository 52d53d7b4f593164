// The SDK against a real gateway (one per file): run `dotnet build gateway` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { ChatClient, ChatError } from '../src/index.js';
import { delay, devToken, newClient, nextEvent, startGateway, uniqueId, waitUntil } from './gateway.js';

let gateway;
const clients = [];

async function connected(userId, options) {
  const client = await newClient(gateway, userId, options);
  clients.push(client);
  await client.connect();
  // The gateway sends `connected` before it registers the connection's presence; it reads requests
  // only after that, so one ack means the user is online (else private messages to them get queued).
  await client.ping();
  return client;
}

/** Collects a client's new-message events for one room. */
function recordMessages(client, roomId) {
  const seen = [];
  client.on('new-message', (message) => { if (message.roomId === roomId) seen.push(message); });
  return seen;
}

/** Closes the client's connection the hard way, as a network failure or server drop would. */
const RECOVERY_BATCH = 5;

function cut(client) {
  client.socket.terminate();
}

describe('ChatClient against a real gateway', { timeout: 120_000 }, () => {
  // A small join page, so every recovery here also fetches the rest with get-history.
  before(async () => { gateway = await startGateway({ 'Limits:RecoveryBatch': RECOVERY_BATCH }); });
  after(async () => {
    for (const client of clients) client.close();
    await gateway?.stop();
  });

  test('connects with a dev token and reports state changes', async () => {
    const userId = uniqueId('u');
    const client = await newClient(gateway, userId);
    clients.push(client);
    const states = [];
    client.on('state', (state) => states.push(state));

    const session = await client.connect();

    assert.equal(session.userId, userId);
    assert.ok(session.sessionId);
    assert.deepEqual(session.rooms, []);
    assert.deepEqual(states, ['connecting', 'connected']);
    assert.equal(client.state, 'connected');
    assert.deepEqual(await client.ping(), { success: true });
  });

  test('connect rejects for a bad token', async () => {
    const client = new ChatClient({ url: gateway.wsUrl, token: 'not-a-jwt', WebSocket });
    await assert.rejects(client.connect(), (err) => err instanceof ChatError && err.code === 'connect_failed' && /401/.test(err.message));
    assert.equal(client.state, 'disconnected');
  });

  test('two clients join a room and exchange messages', async () => {
    const roomId = uniqueId('room');
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'))];
    const aliceSeen = recordMessages(alice, roomId);
    const bobSeen = recordMessages(bob, roomId);

    const aliceJoin = await alice.joinRoom(roomId);
    assert.equal(aliceJoin.success, true);
    assert.equal(aliceJoin.room.id, roomId);
    assert.equal(aliceJoin.lastSeq, 0);

    const joined = nextEvent(alice, 'user-joined', (e) => e.roomId === roomId);
    const bobJoin = await bob.joinRoom(roomId);
    assert.deepEqual(bobJoin.members.map((m) => m.userId).sort(), [alice.session.userId, bob.session.userId].sort());
    assert.equal((await joined).userId, bob.session.userId);

    const ack = await alice.sendMessage(roomId, 'hello bob');
    assert.equal(ack.seq, 1);
    assert.ok(ack.messageId);
    await bob.sendMessage(roomId, 'hi alice');

    await waitUntil(() => aliceSeen.length === 2 && bobSeen.length === 2, 5000, 'both messages on both clients');
    for (const seen of [aliceSeen, bobSeen]) {
      assert.deepEqual(seen.map((m) => [m.seq, m.content]), [[1, 'hello bob'], [2, 'hi alice']]);
    }
    assert.equal(bobSeen[0].userId, alice.session.userId);
    assert.equal(bob.lastSeq(roomId), 2);
  });

  test('error acks reject with a ChatError carrying the code', async () => {
    const roomId = uniqueId('room');
    const [owner, stranger] = [await connected(uniqueId('owner')), await connected(uniqueId('stranger'))];

    await assert.rejects(stranger.sendMessage(roomId, 'hi'), { name: 'ChatError', code: 'not_in_room' });
    await stranger.joinRoom(roomId);
    await assert.rejects(stranger.sendMessage(roomId, ''), { code: 'invalid_format' });
    await assert.rejects(stranger.getHistory(uniqueId('other')), { code: 'not_in_room' });

    const privateRoom = uniqueId('private');
    const created = await owner.createRoom({ roomId: privateRoom, name: 'Secret', visibility: 'private' });
    assert.equal(created.room.visibility, 'private');
    await assert.rejects(stranger.joinRoom(privateRoom), { code: 'access_denied' });
    await assert.rejects(stranger.createRoom({ roomId: privateRoom }), { code: 'room_exists' });
    await assert.rejects(stranger.invite(privateRoom, stranger.session.userId), { code: 'access_denied' });

    // The connection survives bad requests.
    assert.equal((await stranger.sendMessage(roomId, 'still here')).seq, 1);
  });

  test('invited users may join a private room', async () => {
    const roomId = uniqueId('private');
    const [owner, guest, late] = [await connected(uniqueId('owner')), await connected(uniqueId('guest')), await connected(uniqueId('late'))];
    await owner.createRoom({ roomId, visibility: 'private', members: [guest.session.userId] });

    assert.equal((await guest.joinRoom(roomId)).room.ownerId, owner.session.userId);
    await assert.rejects(late.joinRoom(roomId), { code: 'access_denied' });
    await owner.invite(roomId, late.session.userId);
    assert.equal((await late.joinRoom(roomId)).success, true);
  });

  test('typing and stop-typing reach the other members', async () => {
    const roomId = uniqueId('room');
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'))];
    await alice.joinRoom(roomId);
    await bob.joinRoom(roomId);

    const typing = nextEvent(bob, 'user-typing', (e) => e.roomId === roomId);
    assert.deepEqual(await alice.typing(roomId), { success: true });
    const event = await typing;
    assert.equal(event.userId, alice.session.userId);
    assert.equal(event.user.id, alice.session.userId);

    const stopped = nextEvent(bob, 'user-stopped-typing', (e) => e.roomId === roomId);
    await alice.stopTyping(roomId);
    assert.equal((await stopped).userId, alice.session.userId);
    await assert.rejects(alice.typing(uniqueId('not-mine')), { code: 'not_in_room' });
  });

  test('status changes reach room members as presence-update', async () => {
    const roomId = uniqueId('room');
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'))];
    await alice.joinRoom(roomId);
    const join = await bob.joinRoom(roomId);
    assert.equal(join.members.find((m) => m.userId === alice.session.userId).status, 'online');

    const update = nextEvent(bob, 'presence-update', (e) => e.userId === alice.session.userId && e.status === 'away');
    await alice.updateStatus('away');
    await update;
    await assert.rejects(alice.updateStatus('sleeping'), { code: 'invalid_format' });
  });

  test('private messages: live delivery, and pending-messages on the next connect', async () => {
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'))];

    const live = nextEvent(bob, 'private-message');
    const ack = await alice.sendPrivateMessage(bob.session.userId, 'psst');
    assert.equal(ack.delivered, true);
    const message = await live;
    assert.equal(message.content, 'psst');
    assert.equal(message.fromUserId, alice.session.userId);
    assert.equal(message.id, ack.messageId);

    const carolId = uniqueId('carol');
    const offline = await alice.sendPrivateMessage(carolId, 'while you were out');
    assert.equal(offline.delivered, false);

    const carol = await newClient(gateway, carolId);
    clients.push(carol);
    const pending = nextEvent(carol, 'pending-messages');
    await carol.connect();
    const queued = await pending;
    assert.deepEqual(queued.map((m) => m.content), ['while you were out']);
    assert.equal(queued[0].fromUser.id, alice.session.userId);
  });

  test('history pages backwards and forwards in ascending seq', async () => {
    const roomId = uniqueId('room');
    const alice = await connected(uniqueId('alice'));
    await alice.joinRoom(roomId);
    for (let i = 1; i <= 7; i++) await alice.sendMessage(roomId, `m${i}`);

    const newest = await alice.getHistory(roomId, { limit: 3 });
    assert.deepEqual(newest.messages.map((m) => m.seq), [5, 6, 7]);
    const older = await alice.getHistory(roomId, { beforeSeq: 5, limit: 3 });
    assert.deepEqual(older.messages.map((m) => m.content), ['m2', 'm3', 'm4']);
    const after = await alice.getHistory(roomId, { afterSeq: 5 });
    assert.deepEqual(after.messages.map((m) => m.seq), [6, 7]);

    // A new connection of the same user is in the room already and gets the recent messages on
    // join; the gateway leaves out of the ack any it delivered live to that connection just before.
    const again = await newClient(gateway, alice.session.userId);
    clients.push(again);
    const live = recordMessages(again, roomId);
    await again.connect();
    assert.deepEqual(again.session.rooms, [roomId]);
    const { recentMessages } = await again.joinRoom(roomId);
    assert.deepEqual([...live, ...recentMessages].map((m) => m.seq).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7]);
  });

  test('after dropped connections every message arrives exactly once, in seq order', async () => {
    const roomId = uniqueId('room');
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'), { reconnect: { minDelayMs: 100, maxDelayMs: 300 } })];
    await alice.joinRoom(roomId);
    await bob.joinRoom(roomId);
    const bobSeen = recordMessages(bob, roomId);
    const states = [];
    bob.on('state', (state) => states.push(state));

    // Alice keeps sending the whole time, so live messages race each of Bob's re-joins.
    let sent = 0;
    let stop = false;
    const sending = (async () => {
      while (!stop) await alice.sendMessage(roomId, `n${++sent}`);
    })();

    let missed = 0;
    for (let drop = 1; drop <= 3; drop++) {
      await waitUntil(() => bobSeen.length >= drop * 30, 10_000, `messages before drop ${drop}`);
      const recovered = nextEvent(bob, 'recovered', () => true, 20_000);
      cut(bob);
      const room = (await recovered).rooms.find((r) => r.roomId === roomId);
      assert.equal(room.recovered, true);
      missed += room.missed;
    }
    const afterLastDrop = bobSeen.length;
    await waitUntil(() => bobSeen.length >= afterLastDrop + 20, 10_000, 'live messages after the last recovery');
    stop = true;
    await sending;
    await waitUntil(() => bob.lastSeq(roomId) === sent, 10_000, 'every message at bob');
    await delay(200); // let any late duplicate show up

    assert.deepEqual(bobSeen.map((m) => m.seq), Array.from({ length: sent }, (_, i) => i + 1));
    assert.deepEqual(bobSeen.map((m) => m.content), Array.from({ length: sent }, (_, i) => `n${i + 1}`));
    assert.deepEqual(states, ['reconnecting', 'connected', 'reconnecting', 'connected', 'reconnecting', 'connected']);
    assert.ok(missed > 0, 'some messages were sent while bob was away');
  });

  test('a recovery longer than one join page fetches the rest and gives each seq once', async () => {
    const roomId = uniqueId('room');
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'), { reconnect: { minDelayMs: 1500, maxDelayMs: 1500 } })];
    await alice.joinRoom(roomId);
    await bob.joinRoom(roomId);
    const bobSeen = recordMessages(bob, roomId);
    await alice.sendMessage(roomId, 'm1');
    await waitUntil(() => bobSeen.length === 1, 10_000, 'the first message');

    // Four join pages and a bit are sent while Bob waits to reconnect.
    const recovered = nextEvent(bob, 'recovered', () => true, 20_000);
    cut(bob);
    const total = 1 + RECOVERY_BATCH * 4 + 3;
    for (let n = 2; n <= total; n++) await alice.sendMessage(roomId, `m${n}`);
    const room = (await recovered).rooms.find((r) => r.roomId === roomId);
    await alice.sendMessage(roomId, 'live');
    await waitUntil(() => bobSeen.length === total + 1, 10_000, 'every message and the live one at bob');

    assert.equal(room.recovered, true);
    assert.equal(room.missed, total - 1);
    assert.deepEqual(bobSeen.map((m) => m.seq), Array.from({ length: total + 1 }, (_, i) => i + 1));
  });

  test('the chosen status is restored after a reconnect', async () => {
    const roomId = uniqueId('room');
    // A reconnect delay, so that the gateway sees the old connection go before the new one comes.
    const alice = await connected(uniqueId('alice'), { reconnect: { minDelayMs: 300, jitter: 0 } });
    const bob = await connected(uniqueId('bob'));
    await alice.joinRoom(roomId);
    await bob.joinRoom(roomId);
    const statuses = [];
    bob.on('presence-update', (e) => { if (e.userId === alice.session.userId) statuses.push(e.status); });
    await alice.updateStatus('busy');
    await waitUntil(() => statuses.length === 1, 5000, 'busy at bob');

    const recovered = nextEvent(alice, 'recovered');
    cut(alice);
    const { rooms } = await recovered;

    assert.equal(rooms[0].members.find((m) => m.userId === alice.session.userId).status, 'busy');
    await waitUntil(() => statuses.length === 4, 5000, 'offline, online and busy again');
    assert.deepEqual(statuses, ['busy', 'offline', 'online', 'busy']);
  });

  test('an unacked message is re-sent after a drop with the same clientMsgId and stored once', async () => {
    const roomId = uniqueId('room');
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'))];
    await alice.joinRoom(roomId);
    await bob.joinRoom(roomId);
    const aliceSeen = recordMessages(alice, roomId);
    const bobSeen = recordMessages(bob, roomId);

    // Alice stops reading, so the server stores the message but she never sees the ack; then her connection dies.
    alice.socket._socket.pause();
    const first = alice.sendMessage(roomId, 'once only', { clientMsgId: 'c-1' });
    await waitUntil(() => bobSeen.length === 1, 5000, 'the message at bob');
    const reconnected = nextEvent(alice, 'state', (state) => state === 'connected');
    cut(alice);
    await nextEvent(alice, 'state', (state) => state === 'reconnecting');

    // Sent while disconnected: queued until the connection is back.
    const second = alice.sendMessage(roomId, 'queued meanwhile');
    await reconnected;
    const [ack1, ack2] = await Promise.all([first, second]);

    assert.equal(ack1.seq, 1);
    assert.equal(ack1.messageId, bobSeen[0].id);
    assert.equal(ack2.seq, 2);
    await waitUntil(() => bobSeen.length === 2 && aliceSeen.length === 2, 5000, 'both messages on both clients');
    await delay(200);
    assert.deepEqual(bobSeen.map((m) => m.content), ['once only', 'queued meanwhile']);
    assert.deepEqual(aliceSeen.map((m) => m.seq), [1, 2]);
    const history = await bob.getHistory(roomId);
    assert.deepEqual(history.messages.map((m) => m.content), ['once only', 'queued meanwhile']);
  });

  test('an unacked private message is re-sent once after a drop', async () => {
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'))];
    const received = [];
    bob.on('private-message', (m) => received.push(m));

    alice.socket._socket.pause();
    const sent = alice.sendPrivateMessage(bob.session.userId, 'just once');
    await waitUntil(() => received.length === 1, 5000, 'the private message at bob');
    cut(alice);
    const ack = await sent;
    await delay(300);

    assert.equal(ack.messageId, received[0].id);
    assert.equal(received.length, 1);
  });

  test('requests time out without an ack, and close() rejects what is left', async () => {
    const alice = await connected(uniqueId('alice'), { ackTimeoutMs: 300 });
    const socket = alice.socket;
    socket._socket.pause();
    await assert.rejects(alice.ping(), { code: 'timeout' });

    const pending = alice.sendMessage(uniqueId('room'), 'never acked');
    alice.close();
    socket.terminate(); // ws would wait 30 s for the close handshake on the paused socket
    await assert.rejects(pending, { code: 'closed' });
    assert.equal(alice.state, 'disconnected');
    await assert.rejects(alice.ping(), { code: 'closed' });
  });

  test('gives up after the configured reconnect attempts', async () => {
    let calls = 0;
    const userId = uniqueId('alice');
    const token = await devToken(gateway.baseUrl, userId);
    const client = new ChatClient({
      url: gateway.wsUrl,
      WebSocket,
      // A valid token first, then bad ones: every reconnect attempt fails.
      getToken: async () => (++calls === 1 ? token : 'expired'),
      reconnect: { attempts: 2, minDelayMs: 10, maxDelayMs: 20 },
    });
    clients.push(client);
    await client.connect();
    const gaveUp = nextEvent(client, 'state', (state) => state === 'disconnected');
    const queued = nextEvent(client, 'state', (state) => state === 'reconnecting').then(() => client.ping());
    cut(client);
    await gaveUp;
    await assert.rejects(queued, { code: 'disconnected' });
    assert.equal(calls, 3);
  });
});
