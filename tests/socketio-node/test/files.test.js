// File uploads over Socket.IO with the real socket.io-client: chunks as binary attachments (through the
// JS SDK's uploadFileOverSocketIo), on every transport, resumed after a lost connection, downloads identical.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { uploadFileOverSocketIo } from '../../../client/js/src/index.js';
import { startGateway, uniqueId } from '../support/gateway.js';
import { TRANSPORT_MODES, closeAll, connectUser, request } from '../support/sio.js';

const CHUNK = 4096;

let gateway;
let directory;
const sockets = [];

async function user(prefix, options) {
  const socket = await connectUser(gateway, uniqueId(prefix), options);
  sockets.push(socket);
  return socket;
}

/** Records the upload-chunk packets the socket writes (event name, payload). */
function recordChunks(socket) {
  const chunks = [];
  socket.onAnyOutgoing((event, payload) => { if (event === 'upload-chunk') chunks.push(payload); });
  return chunks;
}

async function download(socket, file) {
  const response = await fetch(`${gateway.baseUrl}${file.url}`, { headers: { authorization: `Bearer ${socket.token}` } });
  assert.equal(response.status, 200);
  return Buffer.from(await response.arrayBuffer());
}

describe('file uploads with socket.io-client (binary attachments)', { timeout: 180_000 }, () => {
  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'chat-sio-files-'));
    gateway = await startGateway({
      'Files:Directory': directory,
      'Files:ChunkBytes': CHUNK,
      'Files:AllowedTypes:0': 'application/octet-stream',
    });
  });
  after(async () => {
    closeAll(...sockets);
    await gateway?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  for (const [mode, { transports }] of Object.entries(TRANSPORT_MODES)) {
    test(`${mode}: chunks go as binary attachments; the room gets the file message; the bytes come back identical`, async () => {
      const alice = await user('alice', { transports });
      const bob = await user('bob', { transports });
      const roomId = uniqueId('room');
      assert.equal((await request(alice, 'join-room', { roomId })).success, true);
      assert.equal((await request(bob, 'join-room', { roomId })).success, true);
      const chunks = recordChunks(alice);
      const bytes = randomBytes(6 * CHUNK + 99);
      const progress = [];

      const ack = await uploadFileOverSocketIo(alice, bytes, { roomId, name: 'sio.bin', onProgress: (sent) => progress.push(sent) });

      assert.equal(ack.success, true);
      assert.equal(ack.file.size, bytes.length);
      assert.equal(chunks.length, 7);
      for (const chunk of chunks) {
        assert.ok(chunk.data instanceof Uint8Array, 'a binary attachment, not base64');
        assert.deepEqual(Buffer.from(chunk.data), bytes.subarray(chunk.index * CHUNK, (chunk.index + 1) * CHUNK));
      }
      assert.equal(progress.at(-1), bytes.length);
      const message = await bob.log.waitFor('new-message', (m) => m.roomId === roomId && m.type === 'file');
      assert.equal(message.seq, ack.seq);
      assert.deepEqual(message.file, ack.file);
      assert.deepEqual(await download(bob, message.file), bytes);
    });
  }

  test('the engine connection drops mid-upload: socket.io-client reconnects, the upload resumes with the missing chunks only', async () => {
    const alice = await user('alice', { transports: ['websocket'] });
    const roomId = uniqueId('room');
    await request(alice, 'join-room', { roomId });
    const chunks = recordChunks(alice);
    const bytes = randomBytes(30 * CHUNK);
    let cut = false;
    const starts = [];
    alice.onAnyOutgoing((event, payload) => { if (event === 'upload-start') starts.push(payload); });

    const ack = await uploadFileOverSocketIo(alice, bytes, {
      roomId,
      name: 'resumed.bin',
      concurrency: 2,
      onProgress: (sent) => {
        if (!cut && sent >= 8 * CHUNK) {
          cut = true;
          alice.io.engine.close(); // as a network failure would: socket.io-client reconnects by itself
        }
      },
    });

    assert.ok(cut);
    assert.ok(alice.log.disconnects.length >= 1);
    assert.equal(starts.filter((s) => s.uploadId === ack.file.id).length, 1, 'one resume by uploadId');
    const indexes = chunks.map((c) => c.index);
    assert.deepEqual([...new Set(indexes)].sort((a, b) => a - b), [...Array(30).keys()]);
    assert.ok(indexes.length <= 30 + 2, `sent ${indexes.length} chunks for 30`);
    assert.deepEqual(await download(alice, ack.file), bytes);
  });

  test('a refusal surfaces as a ChatError with the server code', async () => {
    const alice = await user('alice');
    await assert.rejects(uploadFileOverSocketIo(alice, randomBytes(10), { roomId: uniqueId('not-mine'), name: 'x.bin' }), (err) => err.code === 'not_in_room');
  });
});
