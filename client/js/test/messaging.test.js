// Edits, deletes, read state, unread counts, moderation and app events through the SDK against a real
// gateway (docs/PROTOCOL.md "Message changes, read state, room list", "Room moderation", "App-defined
// events"): run `dotnet build gateway` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatError, conversationIdOf } from '../src/index.js';
import { delay, devToken, newClient, nextEvent, startGateway, uniqueId, waitUntil } from './gateway.js';

let gateway;
const clients = [];

async function connected(userId, options) {
  const client = await newClient(gateway, userId, options);
  clients.push(client);
  await client.connect();
  await client.ping(); // one ack: the connection is registered
  return client;
}

function record(client, event) {
  const seen = [];
  client.on(event, (payload) => seen.push(payload));
  return seen;
}

async function rejects(promise, code) {
  await assert.rejects(promise, (err) => err instanceof ChatError && err.code === code, `expected ${code}`);
}

/** A room with alice (its owner, created) and bob (joined). */
async function roomOfTwo() {
  const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'))];
  const roomId = uniqueId('room');
  await alice.createRoom({ roomId, name: 'Room' });
  await bob.joinRoom(roomId);
  return { alice, bob, roomId };
}

describe('message changes, read state, moderation and app events against a real gateway', { timeout: 180_000 }, () => {
  before(async () => { gateway = await startGateway({ 'Limits:RecoveryBatch': '3' }); });
  after(async () => {
    for (const client of clients) client.close();
    await gateway?.stop();
  });

  test('editMessage and deleteMessage in a room: acks, one event each on both members, refusals change nothing', async () => {
    const { alice, bob, roomId } = await roomOfTwo();
    const [edits, deletes] = [record(bob, 'message-edited'), record(bob, 'message-deleted')];
    const ownEdits = record(alice, 'message-edited');
    const first = await alice.sendMessage(roomId, 'helo');
    const second = await alice.sendMessage(roomId, 'oops');

    const edited = await alice.editMessage(roomId, first.seq, 'hello');
    assert.equal(edited.success, true);
    assert.equal(edited.changeSeq, 1);
    assert.ok(edited.editedAt > 0);
    await rejects(bob.editMessage(roomId, first.seq, 'mine now'), 'not_allowed');
    await rejects(bob.deleteMessage(roomId, first.seq), 'not_allowed');
    await rejects(alice.editMessage(roomId, 99, 'x'), 'not_found');
    await rejects(alice.editMessage(roomId, first.seq, ''), 'invalid_format');
    await assert.rejects(alice.editMessage({ nope: 1 }, 1, 'x'), TypeError);

    const deleted = await alice.deleteMessage({ roomId }, second.seq);
    assert.equal(deleted.changeSeq, 2);
    assert.equal((await alice.deleteMessage(roomId, second.seq)).changeSeq, 2); // a tombstone again: same changeSeq, no event
    await rejects(alice.editMessage(roomId, second.seq, 'back'), 'not_found');

    await waitUntil(() => edits.length === 1 && deletes.length === 1 && ownEdits.length === 1, 5000, 'the change events');
    await delay(200);
    assert.deepEqual(edits, [{ roomId, seq: first.seq, id: first.messageId, content: 'hello', editedAt: edited.editedAt, editedBy: alice.session.userId, changeSeq: 1 }]);
    assert.deepEqual(deletes, [{ roomId, seq: second.seq, id: second.messageId, deletedBy: alice.session.userId, changeSeq: 2 }]);
    assert.equal(bob.lastChangeSeq(roomId), 2);

    const { messages } = await bob.getHistory(roomId);
    assert.deepEqual(messages.map((m) => [m.seq, m.content, m.edited, m.deleted, m.changeSeq]), [[1, 'hello', true, false, 1], [2, '', false, true, 2]]);
    assert.equal(messages[0].editedAt, edited.editedAt);
    const changes = await bob.getChanges(roomId, { sinceChangeSeq: 1 });
    assert.deepEqual(changes.messages.map((m) => m.seq), [2]);
    assert.equal(changes.lastChangeSeq, 2);
    assert.equal(changes.hasMore, false);
  });

  test('the owner and admins may delete others\' messages in a room', async () => {
    const { alice, bob, roomId } = await roomOfTwo();
    const { seq } = await bob.sendMessage(roomId, 'spam');
    const deletes = record(bob, 'message-deleted');
    await alice.deleteMessage(roomId, seq);
    // Recorded from before the delete: the event may arrive before its ack.
    await waitUntil(() => deletes.length === 1, 5000, 'the delete at bob');
    assert.equal(deletes[0].deletedBy, alice.session.userId);
    await delay(200);
    assert.equal(deletes.length, 1);
  });

  test('edit and delete in a direct conversation ({ withUserId }) reach both users once', async () => {
    const [alice, bob] = [await connected(uniqueId('alice')), await connected(uniqueId('bob'))];
    const conversationId = conversationIdOf(alice.session.userId, bob.session.userId);
    const sent = await alice.sendPrivateMessage(bob.session.userId, 'typo');
    const [bobEdits, aliceDeletes] = [record(bob, 'message-edited'), record(alice, 'message-deleted')];

    await rejects(bob.editMessage({ withUserId: alice.session.userId }, sent.seq, 'not mine'), 'not_allowed');
    const edited = await alice.editMessage({ withUserId: bob.session.userId }, sent.seq, 'fixed');
    const deleted = await alice.deleteMessage({ withUserId: bob.session.userId }, sent.seq);
    assert.deepEqual([edited.changeSeq, deleted.changeSeq], [1, 2]);
    await waitUntil(() => bobEdits.length === 1 && aliceDeletes.length === 1, 5000, 'the conversation change events');
    assert.deepEqual(bobEdits[0], { conversationId, seq: sent.seq, id: sent.messageId, content: 'fixed', editedAt: edited.editedAt, editedBy: alice.session.userId, changeSeq: 1 });
    assert.equal(aliceDeletes[0].conversationId, conversationId);
    await waitUntil(() => bob.lastConversationChangeSeq(conversationId) === 2, 5000, 'the delete at bob');
    const changes = await bob.getChanges({ withUserId: alice.session.userId });
    assert.deepEqual(changes.messages.map((m) => [m.seq, m.deleted, m.content]), [[sent.seq, true, '']]);
    const history = await bob.getPrivateHistory(alice.session.userId);
    assert.equal(history.lastChangeSeq, 2);
  });

  test('unread counts: live messages of others, markRead, and the read on another device (read-receipt)', async () => {
    const { alice, roomId } = await roomOfTwo();
    const bobId = uniqueId('bob');
    const [phone, laptop] = [await connected(bobId), await connected(bobId)];
    await phone.joinRoom(roomId);
    const laptopChanges = record(laptop, 'unread-changed');
    for (const text of ['a', 'b', 'c']) await alice.sendMessage(roomId, text);
    await waitUntil(() => phone.unread(roomId) === 3 && laptop.unread(roomId) === 3, 5000, 'three unread on both devices');
    assert.deepEqual(laptopChanges.map((c) => c.unread), [1, 2, 3]);
    assert.equal(alice.unread(roomId), 0); // own messages are never unread

    const receipts = record(alice, 'read-receipt');
    await phone.markRead(roomId, 2);
    assert.equal(phone.unread(roomId), 1);
    await waitUntil(() => laptop.unread(roomId) === 1, 5000, 'the laptop to follow the phone');
    await waitUntil(() => receipts.length >= 1, 5000, 'alice to see the receipt');
    assert.deepEqual(receipts.at(-1), { roomId, userId: bobId, seq: 2 });

    await laptop.markRead(roomId); // default: the last seq the laptop was given
    assert.equal(laptop.unread(roomId), 0);
    await waitUntil(() => phone.unread(roomId) === 0, 5000, 'the phone to follow the laptop');
    const { rooms } = await phone.getRooms();
    const summary = rooms.find((r) => r.room.id === roomId);
    assert.deepEqual([summary.readSeq, summary.unread, summary.lastSeq, summary.role], [3, 0, 3, 'member']);
    assert.equal(summary.lastMessage.content, 'c');
  });

  test('unread counts survive a reconnect (no double count of replayed messages) and a new connection (sidebar)', async () => {
    const alice = await connected(uniqueId('alice'));
    const roomId = uniqueId('room');
    await alice.joinRoom(roomId);
    const bobId = uniqueId('bob');
    const bob = await connected(bobId);
    await bob.joinRoom(roomId);
    await alice.sendMessage(roomId, 'one');
    await waitUntil(() => bob.unread(roomId) === 1, 5000, 'one unread');

    const back = nextEvent(bob, 'recovered', () => true, 20_000);
    bob.socket.terminate();
    await alice.sendMessage(roomId, 'two');
    await alice.sendMessage(roomId, 'three');
    const dm = await alice.sendPrivateMessage(bobId, 'psst');
    await back;
    await delay(200);
    assert.equal(bob.unread(roomId), 3);
    assert.equal(bob.conversationUnread(dm.conversationId), 1);

    const fresh = await newClient(gateway, bobId);
    clients.push(fresh);
    const session = await fresh.connect();
    const sidebarRoom = session.sidebar.rooms.find((r) => r.room.id === roomId);
    assert.equal(sidebarRoom.unread, 3);
    assert.equal(fresh.unread(roomId), 3);
    assert.equal(fresh.conversationUnread(dm.conversationId), 1);
    await fresh.markRead({ withUserId: alice.session.userId }, dm.seq);
    assert.equal(fresh.conversationUnread(dm.conversationId), 0);
    await waitUntil(() => bob.conversationUnread(dm.conversationId) === 0, 5000, 'the other device to clear the conversation');
    const { conversations } = await bob.getConversations();
    assert.equal(conversations.find((c) => c.conversationId === dm.conversationId).unread, 0);
  });

  test('edits and deletes made while a client was away are recovered after its reconnect, paged past the join batch', async () => {
    const { alice, roomId } = await roomOfTwo();
    const bobId = uniqueId('bob');
    let gate = Promise.resolve();
    let release;
    const token = await devToken(gateway.baseUrl, bobId);
    const bob = await connected(bobId, { getToken: async () => { await gate; return token; } });
    await bob.joinRoom(roomId);
    const sent = [];
    for (let i = 1; i <= 6; i++) sent.push(await alice.sendMessage(roomId, `m${i}`));
    await waitUntil(() => bob.lastSeq(roomId) === 6, 5000, 'the six messages');
    await alice.editMessage(roomId, 1, 'm1 before');
    await waitUntil(() => bob.lastChangeSeq(roomId) === 1, 5000, 'the first edit');
    const edits = record(bob, 'message-edited');
    const deletes = record(bob, 'message-deleted');

    gate = new Promise((resolve) => { release = resolve; });
    const reconnecting = nextEvent(bob, 'state', (state) => state === 'reconnecting');
    bob.socket.terminate();
    await reconnecting;
    await alice.editMessage(roomId, 1, 'm1 after'); // changeSeq 2
    for (const seq of [2, 3, 4, 5]) await alice.editMessage(roomId, seq, `m${seq} edited`); // 3..6
    await alice.deleteMessage(roomId, 6); // 7: with RecoveryBatch 3 the join carries 3, get-changes the rest
    const recovered = nextEvent(bob, 'recovered', () => true, 20_000);
    release();
    const { rooms } = await recovered;
    const room = rooms.find((r) => r.roomId === roomId);
    assert.deepEqual([room.recovered, room.missed, room.changes], [true, 0, 6]);
    assert.deepEqual(edits.map((e) => [e.seq, e.content, e.changeSeq, e.recovered]),
      [[1, 'm1 after', 2, true], [2, 'm2 edited', 3, true], [3, 'm3 edited', 4, true], [4, 'm4 edited', 5, true], [5, 'm5 edited', 6, true]]);
    assert.deepEqual(deletes.map((d) => [d.seq, d.id, d.changeSeq, d.recovered]), [[6, sent[5].messageId, 7, true]]);
    assert.equal(bob.lastChangeSeq(roomId), 7);

    // Live again, and nothing twice after another reconnect without changes.
    const again = nextEvent(bob, 'recovered', () => true, 20_000);
    bob.socket.terminate();
    await again;
    await alice.editMessage(roomId, 2, 'live');
    await waitUntil(() => edits.length === 6, 5000, 'the live edit');
    assert.deepEqual([edits[5].changeSeq, edits[5].recovered], [8, undefined]);
  });

  test('conversation edits made while away are recovered after a reconnect (get-conversations lastChangeSeq, get-changes)', async () => {
    const alice = await connected(uniqueId('alice'));
    const bobId = uniqueId('bob');
    let gate = Promise.resolve();
    let release;
    const token = await devToken(gateway.baseUrl, bobId);
    const bob = await connected(bobId, { getToken: async () => { await gate; return token; } });
    const sent = await alice.sendPrivateMessage(bobId, 'draft');
    await waitUntil(() => bob.lastConversationSeq(sent.conversationId) === sent.seq, 5000, 'the message');
    const edits = record(bob, 'message-edited');

    gate = new Promise((resolve) => { release = resolve; });
    const reconnecting = nextEvent(bob, 'state', (state) => state === 'reconnecting');
    bob.socket.terminate();
    await reconnecting;
    await alice.editMessage({ withUserId: bobId }, sent.seq, 'final');
    const recovered = nextEvent(bob, 'recovered', () => true, 20_000);
    release();
    const { conversations } = await recovered;
    assert.deepEqual(edits.map((e) => [e.conversationId, e.seq, e.content, e.changeSeq, e.recovered]), [[sent.conversationId, sent.seq, 'final', 1, true]]);
    const entry = conversations.find((c) => c.conversationId === sent.conversationId);
    assert.deepEqual([entry.recovered, entry.missed, entry.changes], [true, 0, 1]);
    assert.equal(bob.lastConversationChangeSeq(sent.conversationId), 1);
  });

  test('moderation: set-role, kick, update-room with their events; refusals by role', async () => {
    const [alice, bob, carol] = [await connected(uniqueId('alice')), await connected(uniqueId('bob')), await connected(uniqueId('carol'))];
    const roomId = uniqueId('room');
    await alice.createRoom({ roomId, name: 'Team', visibility: 'private', members: [bob.session.userId, carol.session.userId] });
    await bob.joinRoom(roomId);
    await carol.joinRoom(roomId);

    await rejects(bob.setRole(roomId, carol.session.userId, 'admin'), 'not_allowed');
    await rejects(alice.setRole(roomId, uniqueId('nobody'), 'admin'), 'not_found');
    await rejects(alice.setRole(roomId, bob.session.userId, 'owner'), 'invalid_format');
    await rejects(carol.kick(roomId, bob.session.userId), 'not_allowed');
    await rejects(carol.updateRoom(roomId, { topic: 'mine' }), 'not_allowed');

    const roleChanged = nextEvent(carol, 'role-changed');
    await alice.setRole(roomId, bob.session.userId, 'admin');
    assert.deepEqual(await roleChanged, { roomId, userId: bob.session.userId, role: 'admin' });

    const updated = nextEvent(carol, 'room-updated');
    const ack = await bob.updateRoom(roomId, { topic: 'Release planning' });
    assert.equal(ack.room.topic, 'Release planning');
    assert.equal((await updated).room.topic, 'Release planning');
    assert.equal((await updated).room.name, 'Team');

    await carol.sendMessage(roomId, 'hi');
    await waitUntil(() => carol.unread(roomId) === 0 && alice.unread(roomId) === 1, 5000, 'one unread for alice');
    const removedForCarol = nextEvent(carol, 'member-removed');
    const removedForAlice = nextEvent(alice, 'member-removed');
    await bob.kick(roomId, carol.session.userId);
    assert.deepEqual(await removedForCarol, { roomId, userId: carol.session.userId, by: bob.session.userId });
    assert.deepEqual(await removedForAlice, { roomId, userId: carol.session.userId, by: bob.session.userId });
    await rejects(carol.sendMessage(roomId, 'still here?'), 'not_in_room');
    await rejects(carol.joinRoom(roomId), 'access_denied');
    assert.equal(carol.lastSeq(roomId), null); // forgotten: not re-joined after a reconnect
    await rejects(bob.kick(roomId, alice.session.userId), 'not_allowed');
  });

  test('sendRoomEvent reaches the other members only; bad names, big data and non-members are refused', async () => {
    const { alice, bob, roomId } = await roomOfTwo();
    const own = record(alice, 'room-event');
    const received = nextEvent(bob, 'room-event');
    const ack = await alice.sendRoomEvent(roomId, 'cursor-moved', { x: 1, y: [2, 3] });
    assert.equal(ack.success, true);
    assert.deepEqual(await received, { roomId, userId: alice.session.userId, event: 'cursor-moved', data: { x: 1, y: [2, 3] } });
    const withoutData = nextEvent(bob, 'room-event');
    await alice.sendRoomEvent(roomId, 'ping-all');
    assert.equal((await withoutData).data, null);

    await rejects(alice.sendRoomEvent(roomId, 'Bad Name', 1), 'invalid_format');
    await rejects(alice.sendRoomEvent(roomId, 'big', 'x'.repeat(5000)), 'payload_too_large');
    const stranger = await connected(uniqueId('eve'));
    await rejects(stranger.sendRoomEvent(roomId, 'hello', null), 'not_in_room');
    await delay(200);
    assert.equal(own.length, 0);
  });
});
