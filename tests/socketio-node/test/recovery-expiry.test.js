// Connection state recovery has a window (SocketIo:MaxDisconnectionDuration, here 1 s): a client
// that comes back later is a new session (socket.recovered false) and catches up itself with
// join-room {sinceSeq}.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, uniqueId } from '../support/gateway.js';
import { TRANSPORT_MODES, closeAll, connectOutcome, connectUser, request } from '../support/sio.js';

let gateway;
before(async () => { gateway = await startGateway({ 'SocketIo:MaxDisconnectionDuration': '00:00:01' }); });
after(async () => { await gateway?.stop(); });

// Longer than the 1 s window.
const AWAY_MS = 2000;

for (const [mode, { transports }] of Object.entries(TRANSPORT_MODES)) {
  describe(`recovery window (${mode})`, () => {
    let sockets = [];
    afterEach(() => { closeAll(...sockets); sockets = []; });

    test('a reconnect after the server forgot the session is not recovered; sinceSeq catches up', async () => {
      const roomId = uniqueId('room');
      const a = await connectUser(gateway, uniqueId('user'), { transports });
      const b = await connectUser(gateway, uniqueId('user'), { transports, reconnectionDelay: AWAY_MS, randomizationFactor: 0 });
      sockets.push(a, b);
      await request(a, 'join-room', roomId);
      await request(b, 'join-room', roomId);
      await request(a, 'message', { roomId, content: 'one' });
      await b.log.waitFor('new-message', (m) => m.roomId === roomId && m.seq === 1);
      const firstId = b.id;

      const disconnected = new Promise((resolve) => b.once('disconnect', resolve));
      const reconnected = connectOutcome(b, AWAY_MS + 10_000);
      b.io.engine.close();
      await disconnected;
      const missed = await request(a, 'message', { roomId, content: 'two' });
      assert.equal(missed.seq, 2);

      await reconnected;
      assert.equal(b.recovered, false);
      assert.notEqual(b.id, firstId);
      // A fresh chat session, still a member of the room (membership is durable).
      await b.log.waitForCount('connected', 2);
      assert.deepEqual(b.log.payloads('connected')[1].rooms, [roomId]);

      // The client recovers by itself from the last seq it saw.
      const rejoin = await request(b, 'join-room', { roomId, sinceSeq: 1 });
      assert.equal(rejoin.success, true);
      assert.equal(rejoin.recovered, true);
      assert.equal(rejoin.lastSeq, 2);
      assert.deepEqual(rejoin.recentMessages.map((m) => [m.seq, m.content]), [[2, 'two']]);

      const live = await request(a, 'message', { roomId, content: 'three' });
      const three = await b.log.waitFor('new-message', (m) => m.id === live.messageId);
      assert.equal(three.seq, 3);
    });
  });
}
