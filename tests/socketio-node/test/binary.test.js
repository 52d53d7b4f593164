// Binary attachments with the real socket.io-client against the Socket.IO conformance host
// (tests/ConformanceHost: "message" -> "message-back" with the same arguments, "message-with-ack"
// acknowledged with its arguments). The chat events carry no binary, so this is where the
// gateway's Socket.IO layer is checked for it, over every transport mode.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startConformanceHost } from '../support/gateway.js';
import { TRANSPORT_MODES, closeAll, connectOutcome, createSocket, waitForTransport, waitUntil } from '../support/sio.js';

let host;
before(async () => { host = await startConformanceHost(); });
after(async () => { await host?.stop(); });

/** Emits with an ack and resolves with all of the ack's arguments. */
function emitWithAllAckArgs(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(10_000).emit(event, ...args, (error, ...reply) => (error ? reject(error) : resolve(reply)));
  });
}

/**
 * Runs one round trip. The host keeps the reference server's heartbeat (ping every 300 ms, 200 ms
 * to answer), which a busy machine can miss: when the connection drops meanwhile ("ping timeout"),
 * the round trip is tried again, with fresh data, once the client has reconnected by itself (at most
 * three tries). Any other failure fails the test at once.
 */
async function roundTrip(socket, attempt) {
  for (let tries = 1; ; tries++) {
    await waitUntil(() => socket.connected, 10_000, 'a connected socket');
    let onDisconnect;
    const dropped = new Promise((resolve) => { onDisconnect = resolve; socket.once('disconnect', onDisconnect); });
    try {
      const outcome = await Promise.race([attempt(tries).then(() => ({ done: true })), dropped.then((reason) => ({ dropped: reason }))]);
      if (outcome.done) return;
      if (tries >= 3) throw new Error(`the connection dropped during ${tries} tries (last: ${outcome.dropped})`);
    } finally {
      socket.off('disconnect', onDisconnect);
    }
  }
}

const asBytes = (value) => {
  assert.ok(Buffer.isBuffer(value) || value instanceof Uint8Array || value instanceof ArrayBuffer, `binary expected, got ${typeof value}`);
  return Buffer.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value);
};

for (const [mode, { transports, expected }] of Object.entries(TRANSPORT_MODES)) {
  describe(`binary attachments (${mode})`, () => {
    let socket;
    before(async () => {
      socket = createSocket(host.baseUrl, { transports, auth: { token: 'conformance', n: 1 } });
      const opened = connectOutcome(socket);
      socket.connect();
      await opened;
      await waitForTransport(socket, expected);
    });
    after(() => closeAll(socket));

    test('the host echoes the CONNECT auth payload as "auth"', async () => {
      assert.deepEqual(await socket.log.waitFor('auth'), { token: 'conformance', n: 1 });
    });

    test('Buffer and Uint8Array arguments come back byte for byte via message-back', async () => {
      await roundTrip(socket, async (attempt) => {
        const small = Buffer.from([0, 1, 2, 253, 254, 255]);
        const typed = new Uint8Array(randomBytes(1024));
        const large = randomBytes(200 * 1024);
        const marker = `round-${mode}-${attempt}`;
        socket.emit('message', marker, small, { nested: { bytes: typed, label: 'n' }, list: [large, 7] });

        const entry = await socket.log.waitForEntry('message-back', (first) => first === marker);
        assert.equal(entry.args.length, 3);
        assert.deepEqual(asBytes(entry.args[1]), small);
        assert.equal(entry.args[2].nested.label, 'n');
        assert.deepEqual(asBytes(entry.args[2].nested.bytes), Buffer.from(typed));
        assert.deepEqual(asBytes(entry.args[2].list[0]), large);
        assert.equal(entry.args[2].list[1], 7);
      });
      await waitForTransport(socket, expected);
    });

    test('binary arguments come back via an ack', async () => {
      await roundTrip(socket, async () => {
        const bytes = randomBytes(4096);
        const reply = await emitWithAllAckArgs(socket, 'message-with-ack', bytes, 'text', { inner: new Uint8Array([9, 8, 7]) });
        assert.equal(reply.length, 3);
        assert.deepEqual(asBytes(reply[0]), bytes);
        assert.equal(reply[1], 'text');
        assert.deepEqual(asBytes(reply[2].inner), Buffer.from([9, 8, 7]));
      });
    });

    test('an empty buffer and many attachments in one packet', async () => {
      await roundTrip(socket, async () => {
        const parts = [Buffer.alloc(0), ...Array.from({ length: 8 }, (_, i) => Buffer.from([i, i, i]))];
        const reply = await emitWithAllAckArgs(socket, 'message-with-ack', parts);
        assert.equal(reply.length, 1);
        assert.deepEqual(reply[0].map(asBytes), parts);
      });
    });
  });
}
