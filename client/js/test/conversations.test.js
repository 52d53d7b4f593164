// Direct conversations through the SDK against a real gateway: run `dotnet build gateway` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationIdOf } from '../src/index.js';
import { delay, devToken, newClient, nextEvent, startGateway, uniqueId, waitUntil } from './gateway.js';

let gateway;
const clients = [];

async function connected(userId, options) {
  const client = await newClient(gateway, userId, options);
  clients.push(client);
  await client.connect();
  await client.ping(); // one ack: the connection is registered (see client.test.js)
  return client;
}

/** Collects a client's private-message events. */
function recordPrivate(client) {
  const seen = [];
  client.on('private-message', (message) => seen.push(message));
  return seen;
}

const bySeq = (messages, conversationId) => messages.filter((m) => m.conversationId === conversationId).map((m) => m.seq);

/** A reconnect that waits for release(): the client stays disconnected until then. */
function heldReconnects() {
  let release;
  let gate = Promise.resolve();
  return {
    hold() { gate = new Promise((resolve) => { release = resolve; }); },
    release: () => release(),
    getToken: (token) => async () => { await gate; return token; },
  };
}

describe('direct conversations against a real gateway', { timeout: 120_000 }, () => {
  before(async () => { gateway = await startGateway(); });
  after(async () => {
    for (const client of clients) client.close();
    await gateway?.stop();
  });

  test('two users exchange messages: both connections of the conversation get each one once, in seq order', async () => {
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'))];
    const [aliceSeen, bobSeen] = [recordPrivate(alice), recordPrivate(bob)];
    const conversationId = conversationIdOf(alice.session.userId, bob.session.userId);

    const first = await alice.sendPrivateMessage(bob.session.userId, 'hi bob');
    assert.equal(first.success, true);
    assert.equal(first.conversationId, conversationId);
    assert.equal(first.seq, 1);
    assert.equal(first.delivered, true);
    assert.ok(first.messageId && first.timestamp > 0);
    const second = await bob.sendPrivateMessage(alice.session.userId, 'hi alice', { type: 'text' });
    assert.equal(second.seq, 2);
    assert.equal(second.conversationId, conversationId);

    await waitUntil(() => aliceSeen.length === 2 && bobSeen.length === 2, 10_000, 'both messages on both sides')
      .catch((err) => { throw new Error(`${err.message}: alice saw ${JSON.stringify(aliceSeen.map((m) => m.seq))}, bob ${JSON.stringify(bobSeen.map((m) => m.seq))}`); });
    await delay(200); // let any duplicate show up
    for (const seen of [aliceSeen, bobSeen]) {
      assert.deepEqual(seen.map((m) => [m.conversationId, m.seq, m.content]), [[conversationId, 1, 'hi bob'], [conversationId, 2, 'hi alice']]);
    }
    const message = bobSeen[0];
    assert.equal(message.id, first.messageId);
    assert.equal(message.fromUserId, alice.session.userId);
    assert.equal(message.fromUser.id, alice.session.userId);
    assert.equal(message.toUserId, bob.session.userId);
    assert.equal(message.type, 'text');
    assert.equal(message.edited, false);
    assert.equal(message.deleted, false);
    assert.equal(alice.lastConversationSeq(conversationId), 2);
    assert.equal(bob.lastConversationSeq(conversationId), 2);

    const history = await bob.getPrivateHistory(alice.session.userId);
    assert.equal(history.conversationId, conversationId);
    assert.equal(history.lastSeq, 2);
    assert.deepEqual(history.messages.map((m) => m.content), ['hi bob', 'hi alice']);
  });

  test('history pages backwards and forwards, ascending', async () => {
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'))];
    for (let i = 1; i <= 7; i++) await alice.sendPrivateMessage(bob.session.userId, `p${i}`);

    const newest = await bob.getPrivateHistory(alice.session.userId, { limit: 3 });
    assert.deepEqual(newest.messages.map((m) => m.seq), [5, 6, 7]);
    const older = await bob.getPrivateHistory(alice.session.userId, { beforeSeq: 5, limit: 3 });
    assert.deepEqual(older.messages.map((m) => m.content), ['p2', 'p3', 'p4']);
    const later = await alice.getPrivateHistory(bob.session.userId, { afterSeq: 5 });
    assert.deepEqual(later.messages.map((m) => m.seq), [6, 7]);
    assert.equal(later.lastSeq, 7);
  });

  test('messages to an offline user arrive once on connect, and not again after a reconnect', async () => {
    const alice = await connected(uniqueId('alice'));
    const carolId = uniqueId('carol');
    const acks = [await alice.sendPrivateMessage(carolId, 'while you were out'), await alice.sendPrivateMessage(carolId, 'and another')];
    assert.deepEqual(acks.map((a) => a.delivered), [false, false]);

    const carol = await newClient(gateway, carolId);
    clients.push(carol);
    const seen = recordPrivate(carol);
    const batches = [];
    carol.on('pending-messages', (batch) => batches.push(batch));
    await carol.connect();
    await waitUntil(() => seen.length === 2, 5000, 'the unread messages');
    assert.deepEqual(seen.map((m) => m.content), ['while you were out', 'and another']);
    assert.deepEqual(batches[0].map((m) => m.id), acks.map((a) => a.messageId));

    // Still unread, so listed again on the next connection: the SDK does not give them twice.
    const recovered = nextEvent(carol, 'recovered');
    carol.socket.terminate();
    const { conversations } = await recovered;
    await waitUntil(() => batches.length === 2, 5000, 'the second pending-messages');
    await delay(200);
    assert.equal(batches[1].length, 2);
    assert.deepEqual(conversations.map((c) => [c.withUserId, c.recovered, c.missed]), [[alice.session.userId, true, 0]]);
    assert.deepEqual(seen.map((m) => m.seq), [1, 2]);
  });

  test('a message read on another device while this one was away is still recovered, once', async () => {
    const alice = await connected(uniqueId('alice'));
    const bobId = uniqueId('bob');
    const reconnects = heldReconnects();
    const bob = await connected(bobId, { getToken: reconnects.getToken(await devToken(gateway.baseUrl, bobId)) });
    const bobElsewhere = await connected(bobId);
    const seen = recordPrivate(bob);
    const conversationId = conversationIdOf(alice.session.userId, bobId);

    await alice.sendPrivateMessage(bobId, 'before');
    await waitUntil(() => seen.length === 1, 5000, 'the first message');

    reconnects.hold();
    const reconnecting = nextEvent(bob, 'state', (state) => state === 'reconnecting');
    bob.socket.terminate();
    await reconnecting;
    const readElsewhere = nextEvent(bobElsewhere, 'private-message', (m) => m.content === 'while away');
    const { seq } = await alice.sendPrivateMessage(bobId, 'while away');
    await readElsewhere;
    await bobElsewhere.markConversationRead(alice.session.userId, seq);
    const batches = [];
    bob.on('pending-messages', (batch) => batches.push(batch));
    const recovered = nextEvent(bob, 'recovered');
    reconnects.release();

    const { conversations } = await recovered;
    // Read elsewhere, so not pending (the server sends no empty batch).
    assert.deepEqual(batches.flat().filter((m) => m.conversationId === conversationId), []);
    assert.deepEqual(conversations.map((c) => [c.conversationId, c.recovered, c.missed]), [[conversationId, true, 1]]);
    await alice.sendPrivateMessage(bobId, 'after');
    await waitUntil(() => seen.length === 3, 5000, 'the live message after the recovery');
    await delay(200);
    assert.deepEqual(seen.map((m) => [m.seq, m.content]), [[1, 'before'], [2, 'while away'], [3, 'after']]);
  });

  test('after dropped connections every private message arrives exactly once, in seq order', async () => {
    const alice = await connected(uniqueId('alice'));
    const bob = await connected(uniqueId('bob'), { reconnect: { minDelayMs: 100, maxDelayMs: 300 } });
    const seen = recordPrivate(bob);
    const conversationId = conversationIdOf(alice.session.userId, bob.session.userId);

    // Alice keeps sending the whole time, so live messages and pending-messages race each recovery.
    let sent = 0;
    let stop = false;
    const sending = (async () => {
      while (!stop) await alice.sendPrivateMessage(bob.session.userId, `n${++sent}`);
    })();
    let missed = 0;
    for (let drop = 1; drop <= 3; drop++) {
      await waitUntil(() => seen.length >= drop * 20, 10_000, `messages before drop ${drop}`);
      const recovered = nextEvent(bob, 'recovered', () => true, 20_000);
      bob.socket.terminate();
      const conversation = (await recovered).conversations.find((c) => c.conversationId === conversationId);
      assert.equal(conversation.recovered, true);
      missed += conversation.missed;
    }
    const afterLastDrop = seen.length;
    await waitUntil(() => seen.length >= afterLastDrop + 10, 10_000, 'live messages after the last recovery');
    stop = true;
    await sending;
    await waitUntil(() => bob.lastConversationSeq(conversationId) === sent, 10_000, 'every message at bob');
    await delay(200);

    assert.deepEqual(bySeq(seen, conversationId), Array.from({ length: sent }, (_, i) => i + 1));
    assert.deepEqual(seen.map((m) => m.content), Array.from({ length: sent }, (_, i) => `n${i + 1}`));
    assert.ok(missed > 0, 'some messages were sent while bob was away');
  });

  test('conversations list the other user, the last message and unread counts that mark-read lowers', async () => {
    const [alice, bob, carol] = [await connected(uniqueId('alice')), await connected(uniqueId('bob')), await connected(uniqueId('carol'))];
    let last;
    for (let i = 1; i <= 3; i++) last = await alice.sendPrivateMessage(bob.session.userId, `a${i}`);
    // Activity is ordered by the stored Unix ms (ties by conversation id): carol writes in a later millisecond.
    while (Date.now() <= last.timestamp) await delay(1);
    await carol.sendPrivateMessage(bob.session.userId, 'from carol');

    const unread = async () => Object.fromEntries((await bob.getConversations()).conversations.map((c) => [c.withUser.id, c.unread]));
    const { conversations } = await bob.getConversations();
    assert.deepEqual(conversations.map((c) => c.withUser.id), [carol.session.userId, alice.session.userId], 'most recently active first');
    const withAlice = conversations[1];
    assert.equal(withAlice.conversationId, conversationIdOf(alice.session.userId, bob.session.userId));
    assert.equal(withAlice.withUser.name, alice.session.userId);
    assert.equal(withAlice.lastSeq, 3);
    assert.equal(withAlice.lastMessage.content, 'a3');
    assert.deepEqual(await unread(), { [carol.session.userId]: 1, [alice.session.userId]: 3 });

    assert.deepEqual(await bob.markConversationRead(alice.session.userId, 2), { success: true });
    assert.deepEqual(await unread(), { [carol.session.userId]: 1, [alice.session.userId]: 1 });
    await waitUntil(() => bob.lastConversationSeq(withAlice.conversationId) === 3, 5000, 'the live messages at bob');
    await bob.markConversationRead(alice.session.userId); // up to the last one bob was given
    await bob.markConversationRead(alice.session.userId, 1); // forward only
    assert.deepEqual(await unread(), { [carol.session.userId]: 1, [alice.session.userId]: 0 });
    await assert.rejects(bob.markConversationRead(uniqueId('nobody')), TypeError);
  });
});

describe('the unread quota', { timeout: 120_000 }, () => {
  let small;
  before(async () => { small = await startGateway({ 'Limits:MaxUnreadPrivateMessages': '3' }); });
  after(async () => {
    for (const client of clients) client.close(); // else they would try to reconnect to the stopped gateway for ever
    await small?.stop();
  });

  test('too many unread messages to one user are refused with quota_exceeded until they read some', async () => {
    const clientOf = async (userId) => {
      const client = await newClient(small, userId);
      clients.push(client);
      await client.connect();
      return client;
    };
    const alice = await clientOf(uniqueId('alice'));
    const bobId = uniqueId('bob');
    for (let i = 1; i <= 3; i++) await alice.sendPrivateMessage(bobId, `q${i}`);

    await assert.rejects(alice.sendPrivateMessage(bobId, 'one too many'), { name: 'ChatError', code: 'quota_exceeded' });
    const bob = await clientOf(bobId);
    await bob.markConversationRead(alice.session.userId, 3);
    assert.equal((await alice.sendPrivateMessage(bobId, 'read, so room again')).seq, 4);
  });
});
