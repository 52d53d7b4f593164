// Edits, deletes, read receipts and app-defined room events with the real socket.io-client
// (docs/PROTOCOL.md "Message changes, read state, room list", "App-defined events"), once per
// transport mode.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { delay, startGateway, uniqueId } from '../support/gateway.js';
import { TRANSPORT_MODES, closeAll, connectUser, request } from '../support/sio.js';

let gateway;
before(async () => { gateway = await startGateway(); });
after(async () => { await gateway?.stop(); });

const QUIET_MS = 300;

for (const [mode, { transports }] of Object.entries(TRANSPORT_MODES)) {
  describe(`message changes and room events over Socket.IO (${mode})`, () => {
    let sockets = [];
    const connect = async (userId = uniqueId('user')) => {
      const socket = await connectUser(gateway, userId, { transports });
      sockets.push(socket);
      return socket;
    };
    afterEach(() => {
      closeAll(...sockets);
      sockets = [];
    });

    /** Alice and Bob in a new room, with `count` messages of Alice's. */
    async function roomWithMessages(count) {
      const roomId = uniqueId('room');
      const [alice, bob] = [await connect(), await connect()];
      await request(alice, 'join-room', { roomId });
      await request(bob, 'join-room', { roomId });
      const acks = [];
      for (let i = 1; i <= count; i++) acks.push(await request(alice, 'message', { roomId, content: `m${i}` }));
      return { roomId, alice, bob, acks };
    }

    test('edit-message: ack, message-edited to both members, not_allowed / not_found refusals', async () => {
      const { roomId, alice, bob, acks: [sent] } = await roomWithMessages(1);
      assert.deepEqual(await request(bob, 'edit-message', { roomId, seq: sent.seq, content: 'mine' }), { error: 'Not allowed', code: 'not_allowed' });
      assert.deepEqual(await request(alice, 'edit-message', { roomId, seq: 42, content: 'x' }), { error: 'Not found', code: 'not_found' });
      assert.equal((await request(alice, 'edit-message', { roomId, seq: sent.seq, content: '' })).code, 'invalid_format');

      const ack = await request(alice, 'edit-message', { roomId, seq: sent.seq, content: 'edited' });
      assert.equal(ack.success, true);
      assert.equal(ack.changeSeq, 1);
      for (const socket of [alice, bob]) {
        const event = await socket.log.waitFor('message-edited', (e) => e.roomId === roomId);
        assert.deepEqual(event, { roomId, seq: sent.seq, id: sent.messageId, content: 'edited', editedAt: ack.editedAt, editedBy: alice.userId, changeSeq: 1 });
      }
      const history = await request(bob, 'get-history', { roomId });
      assert.deepEqual(history.messages.map((m) => [m.content, m.edited, m.editedAt, m.changeSeq]), [['edited', true, ack.editedAt, 1]]);
      await delay(QUIET_MS);
      assert.equal(bob.log.payloads('message-edited').length, 1);
    });

    test('delete-message: tombstone, message-deleted once (a second delete sends nothing), get-changes lists it', async () => {
      const { roomId, alice, bob, acks: [, second] } = await roomWithMessages(2);
      assert.equal((await request(bob, 'delete-message', { roomId, seq: second.seq })).code, 'not_allowed');
      const ack = await request(alice, 'delete-message', { roomId, seq: second.seq });
      assert.deepEqual(ack, { success: true, changeSeq: 1 });
      assert.deepEqual(await request(alice, 'delete-message', { roomId, seq: second.seq }), { success: true, changeSeq: 1 });
      const event = await bob.log.waitFor('message-deleted', (e) => e.roomId === roomId);
      assert.deepEqual(event, { roomId, seq: second.seq, id: second.messageId, deletedBy: alice.userId, changeSeq: 1 });
      const changes = await request(bob, 'get-changes', { roomId, sinceChangeSeq: 0 });
      assert.equal(changes.success, true);
      assert.deepEqual(changes.messages.map((m) => [m.seq, m.deleted, m.content]), [[second.seq, true, '']]);
      assert.deepEqual([changes.lastChangeSeq, changes.hasMore], [1, false]);
      await delay(QUIET_MS);
      assert.equal(bob.log.payloads('message-deleted').length, 1);
    });

    test('mark-read: read-receipt to the other member and the reader\'s other connection; get-rooms unread', async () => {
      const { roomId, alice, bob } = await roomWithMessages(3);
      const bobElsewhere = await connect(bob.userId);
      const before = (await request(bob, 'get-rooms')).rooms.find((r) => r.room.id === roomId);
      assert.deepEqual([before.unread, before.readSeq, before.lastSeq], [3, 0, 3]);

      assert.deepEqual(await request(bob, 'mark-read', { roomId, seq: 2 }), { success: true });
      for (const socket of [alice, bobElsewhere]) {
        assert.deepEqual(await socket.log.waitFor('read-receipt', (r) => r.roomId === roomId), { roomId, userId: bob.userId, seq: 2 });
      }
      const after = (await request(bobElsewhere, 'get-rooms')).rooms.find((r) => r.room.id === roomId);
      assert.deepEqual([after.unread, after.readSeq], [1, 2]);
      assert.equal((await request(bob, 'mark-read', { roomId: uniqueId('room'), seq: 1 })).code, 'not_in_room');
    });

    test('edit and mark-read in a direct conversation (withUserId)', async () => {
      const [alice, bob] = [await connect(), await connect()];
      const sent = await request(alice, 'private-message', { targetUserId: bob.userId, content: 'typo' });
      const edited = await request(alice, 'edit-message', { withUserId: bob.userId, seq: sent.seq, content: 'fixed' });
      assert.equal(edited.changeSeq, 1);
      const event = await bob.log.waitFor('message-edited', (e) => e.conversationId === sent.conversationId);
      assert.deepEqual([event.seq, event.content, event.editedBy], [sent.seq, 'fixed', alice.userId]);
      assert.deepEqual(await request(bob, 'mark-read', { withUserId: alice.userId, seq: sent.seq }), { success: true });
      assert.deepEqual(await alice.log.waitFor('read-receipt', (r) => r.conversationId === sent.conversationId), { conversationId: sent.conversationId, userId: bob.userId, seq: sent.seq });
      const { conversations } = await request(bob, 'get-conversations');
      const entry = conversations.find((c) => c.conversationId === sent.conversationId);
      assert.deepEqual([entry.unread, entry.lastChangeSeq], [0, 1]);
    });

    test('room-event: relayed to the other members only; bad name, big data and non-members refused', async () => {
      const { roomId, alice, bob } = await roomWithMessages(0);
      assert.deepEqual(await request(alice, 'room-event', { roomId, event: 'cursor-moved', data: { x: 1, y: [2, 3] } }), { success: true });
      assert.deepEqual(await bob.log.waitFor('room-event', (e) => e.roomId === roomId), { roomId, userId: alice.userId, event: 'cursor-moved', data: { x: 1, y: [2, 3] } });
      assert.equal((await request(alice, 'room-event', { roomId, event: 'Bad Name', data: 1 })).code, 'invalid_format');
      assert.equal((await request(alice, 'room-event', { roomId, event: 'big', data: 'x'.repeat(5000) })).code, 'payload_too_large');
      const stranger = await connect();
      assert.equal((await request(stranger, 'room-event', { roomId, event: 'hello', data: null })).code, 'not_in_room');
      await delay(QUIET_MS);
      assert.equal(alice.log.payloads('room-event').length, 0);
      assert.equal(bob.log.payloads('room-event').length, 1);
    });
  });
}
