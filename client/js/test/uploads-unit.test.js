// The upload engine (src/uploads.js) against an in-memory server that follows docs/PROTOCOL.md "Files":
// concurrency, resume after a lost connection, progress and abort, without a gateway.
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatError } from '../src/index.js';
import { runUpload, sha256Hex, toBase64 } from '../src/uploads.js';

/**
 * An in-memory upload server behind a transport; `drop()` fails every request in flight with
 * `disconnected` and holds new ones until `reconnect()`.
 */
function memoryTransport({ chunkSize = 4, ackDelayMs = 1 } = {}) {
  const uploads = new Map();
  const log = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let connected = true;
  let waiters = [];
  const pending = new Set();
  const server = (type, data) => {
    if (type === 'upload-start' && data.uploadId) {
      const upload = uploads.get(data.uploadId);
      if (!upload) throw new ChatError('not_found', 'Not found');
      return { success: true, uploadId: data.uploadId, chunkSize, chunkCount: upload.chunkCount, received: [...upload.chunks.keys()] };
    }
    if (type === 'upload-start') {
      const uploadId = `u${uploads.size + 1}`;
      uploads.set(uploadId, { ...data, chunkCount: Math.ceil(data.size / chunkSize), chunks: new Map() });
      return { success: true, uploadId, chunkSize, chunkCount: Math.ceil(data.size / chunkSize), received: [] };
    }
    const upload = uploads.get(data.uploadId);
    if (!upload) throw new ChatError('not_found', 'Not found');
    if (type === 'upload-chunk') {
      upload.chunks.set(data.index, Buffer.from(data.data, 'base64'));
      return { success: true, received: upload.chunks.size };
    }
    if (type === 'upload-cancel') {
      uploads.delete(data.uploadId);
      return { success: true };
    }
    if (upload.chunks.size < upload.chunkCount) throw new ChatError('upload_incomplete', 'Upload incomplete');
    const content = Buffer.concat([...upload.chunks.entries()].sort(([a], [b]) => a - b).map(([, c]) => c));
    if (createHash('sha256').update(content).digest('hex') !== upload.sha256) throw new ChatError('checksum_mismatch', 'Checksum mismatch');
    return { success: true, file: { id: data.uploadId, size: content.length }, content };
  };
  const transport = {
    request(type, data) {
      log.push({ type, data, connected });
      return new Promise((resolve, reject) => {
        const run = () => {
          const entry = { reject };
          pending.add(entry);
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          setTimeout(() => {
            if (!pending.delete(entry)) return;
            inFlight--;
            try { resolve(server(type, data)); } catch (err) { reject(err); }
          }, ackDelayMs);
        };
        if (connected) run(); else waiters.push(run);
      });
    },
    encodeChunk: toBase64,
    isConnected: () => connected,
    whenConnected: () => (connected ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    isConnectionLoss: (err) => err?.code === 'disconnected',
  };
  return {
    transport,
    log,
    uploads,
    get maxInFlight() { return maxInFlight; },
    drop() {
      connected = false;
      for (const entry of pending) { inFlight--; entry.reject(new ChatError('disconnected', 'lost')); }
      pending.clear();
    },
    reconnect() {
      connected = true;
      const run = waiters;
      waiters = [];
      for (const go of run) go();
    },
  };
}

const chunksSent = (log) => log.filter((e) => e.type === 'upload-chunk').map((e) => e.data.index);

describe('the upload engine', () => {
  test('sends every chunk once, at most `concurrency` at a time, with the SHA-256, and reports progress to the total', async () => {
    const server = memoryTransport();
    const bytes = randomBytes(4 * 25 + 3);
    const progress = [];
    const ack = await runUpload(server.transport, bytes, { roomId: 'r', name: 'a.bin', concurrency: 3, onProgress: (sent, total) => progress.push([sent, total]) });
    assert.deepEqual(ack.content, bytes);
    assert.deepEqual(chunksSent(server.log).sort((a, b) => a - b), [...Array(26).keys()]);
    assert.equal(server.maxInFlight, 3);
    assert.deepEqual(progress[0], [0, bytes.length]);
    assert.deepEqual(progress.at(-1), [bytes.length, bytes.length]);
    const start = server.log[0].data;
    assert.deepEqual(start, { roomId: 'r', name: 'a.bin', size: bytes.length, mimeType: 'application/octet-stream', sha256: await sha256Hex(bytes) });
  });

  test('a drop mid-upload: waits for the reconnect, resumes with upload-start {uploadId}, sends only the missing chunks', async () => {
    const server = memoryTransport();
    const bytes = randomBytes(4 * 40);
    let dropped = false;
    let storedAtDrop;
    const done = runUpload(server.transport, bytes, {
      withUserId: 'bob',
      name: 'b.bin',
      concurrency: 2,
      onProgress: (sent) => {
        if (!dropped && sent >= 4 * 10) {
          dropped = true;
          storedAtDrop = new Set(server.uploads.get('u1').chunks.keys());
          server.drop();
          setTimeout(() => server.reconnect(), 20);
        }
      },
    });
    const ack = await done;
    assert.deepEqual(ack.content, bytes);
    const resume = server.log.findIndex((e) => e.type === 'upload-start' && e.data.uploadId);
    assert.ok(resume > 0, 'resumed');
    assert.ok(storedAtDrop.size >= 10);
    // After the resume: no chunk the server had at the drop, and each missing chunk once.
    const after = chunksSent(server.log.slice(resume));
    assert.deepEqual(after.filter((i) => storedAtDrop.has(i)), []);
    assert.equal(new Set(after).size, after.length);
  });

  test('abort: rejects with code aborted, cancels the upload on the server', async () => {
    const server = memoryTransport();
    const controller = new AbortController();
    await assert.rejects(runUpload(server.transport, randomBytes(4 * 20), {
      roomId: 'r', name: 'c.bin', concurrency: 1, signal: controller.signal,
      onProgress: (sent) => { if (sent >= 8) controller.abort(); },
    }), (err) => err instanceof ChatError && err.code === 'aborted');
    assert.ok(server.log.some((e) => e.type === 'upload-cancel'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(server.uploads.size, 0);
  });

  test('an abort while waiting for a reconnect ends the wait', async () => {
    const server = memoryTransport();
    const controller = new AbortController();
    const upload = runUpload(server.transport, randomBytes(4 * 20), {
      roomId: 'r', name: 'd.bin', signal: controller.signal,
      onProgress: (sent) => { if (sent >= 8 && !controller.signal.aborted) { server.drop(); setTimeout(() => controller.abort(), 20); } },
    });
    await assert.rejects(upload, (err) => err.code === 'aborted');
  });

  test('server refusals pass through; bad arguments are TypeErrors', async () => {
    const server = memoryTransport();
    server.transport.request = async () => { throw new ChatError('quota_exceeded', 'File too large'); };
    await assert.rejects(runUpload(server.transport, new Uint8Array(10), { roomId: 'r', name: 'e.bin' }), (err) => err.code === 'quota_exceeded');
    await assert.rejects(runUpload(server.transport, new Uint8Array(10), { roomId: 'r', withUserId: 'b', name: 'e.bin' }), TypeError);
    await assert.rejects(runUpload(server.transport, new Uint8Array(10), { roomId: 'r' }), TypeError);
    await assert.rejects(runUpload(server.transport, new Uint8Array(10), { roomId: 'r', name: 'x', concurrency: 0 }), TypeError);
  });

  test('toBase64 of a subarray encodes exactly its bytes', () => {
    const bytes = randomBytes(0x8000 * 2 + 5);
    assert.equal(toBase64(bytes.subarray(3)), Buffer.from(bytes.subarray(3)).toString('base64'));
  });
});
