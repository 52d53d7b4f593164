// File uploads and downloads through the SDK against a real gateway (docs/PROTOCOL.md "Files"):
// run `dotnet build gateway` first.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatError } from '../src/index.js';
import { delay, devToken, newClient, nextEvent, rawRequest, recordingWebSocket, startGateway, uniqueId, waitUntil } from './gateway.js';

const CHUNK = 4096;
const MAX_BYTES = 256 * 1024;

let gateway;
let directory;
const clients = [];

async function connected(userId, options) {
  const client = await newClient(gateway, userId, options);
  clients.push(client);
  await client.connect();
  await client.ping(); // one ack: the connection is registered
  return client;
}

/** A client whose written frames are recorded in `frames`. */
async function recorded(userId) {
  const frames = [];
  const client = await connected(userId, { WebSocket: recordingWebSocket(frames) });
  return { client, frames };
}

async function rejects(promise, code) {
  await assert.rejects(promise, (err) => err instanceof ChatError && err.code === code, `expected ${code}`);
}

const chunkFrames = (frames) => frames.filter((f) => f.type === 'upload-chunk');

describe('file uploads and downloads through the SDK against a real gateway', { timeout: 180_000 }, () => {
  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'chat-js-files-'));
    gateway = await startGateway({
      'Files:Directory': directory,
      'Files:ChunkBytes': CHUNK,
      'Files:MaxBytes': MAX_BYTES,
      // Random bytes sniff as application/octet-stream (appended to the default list).
      'Files:AllowedTypes:0': 'application/octet-stream',
    });
  });
  after(async () => {
    for (const client of clients) client.close();
    await gateway?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  test('uploadFile into a room: chunks in base64, progress to the total, a file message, identical bytes back', async () => {
    const { client: alice, frames } = await recorded(uniqueId('alice'));
    const bob = await connected(uniqueId('bob'));
    const roomId = uniqueId('room');
    await alice.joinRoom(roomId);
    await bob.joinRoom(roomId);
    const bytes = randomBytes(10 * CHUNK + 123);
    const progress = [];
    const seenByBob = nextEvent(bob, 'new-message', (m) => m.roomId === roomId && m.type === 'file');

    const ack = await alice.uploadFile(bytes, { roomId, name: 'data.bin', mimeType: 'application/octet-stream', onProgress: (sent, total) => progress.push([sent, total]) });

    assert.equal(ack.success, true);
    assert.equal(ack.file.name, 'data.bin');
    assert.equal(ack.file.size, bytes.length);
    assert.equal(ack.file.url, `/files/${ack.file.id}`);
    assert.ok(ack.seq >= 1 && ack.messageId);
    const message = await seenByBob;
    assert.equal(message.seq, ack.seq);
    assert.equal(message.content, 'data.bin');
    assert.deepEqual(message.file, ack.file);
    // Every chunk once, as base64 of exactly its bytes; the start declared the SHA-256.
    const chunks = chunkFrames(frames);
    assert.deepEqual(chunks.map((f) => f.data.index).sort((a, b) => a - b), [...Array(11).keys()]);
    for (const { data } of chunks) {
      assert.deepEqual(Buffer.from(data.data, 'base64'), bytes.subarray(data.index * CHUNK, (data.index + 1) * CHUNK));
    }
    const start = frames.find((f) => f.type === 'upload-start').data;
    assert.match(start.sha256, /^[0-9a-f]{64}$/);
    // Progress only grows and ends at the total.
    assert.deepEqual(progress.at(-1), [bytes.length, bytes.length]);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i][0] >= progress[i - 1][0]);

    const viaUrl = await fetch(bob.fileUrl(message.file));
    assert.equal(viaUrl.status, 200);
    assert.deepEqual(Buffer.from(await viaUrl.arrayBuffer()), bytes);
    assert.deepEqual(Buffer.from(await bob.downloadFile(message.file)), bytes);
    assert.ok(bob.fileUrl(message.file).startsWith(`${gateway.baseUrl}/files/${ack.file.id}?token=`));
  });

  test('uploadFile into a direct conversation accepts a Blob and an ArrayBuffer; the other user downloads it', async () => {
    const alice = await connected(uniqueId('alice'));
    const bob = await connected(uniqueId('bob'));
    const bytes = randomBytes(3 * CHUNK);
    const seen = nextEvent(bob, 'private-message', (m) => m.type === 'file');

    const ack = await alice.uploadFile(new Blob([bytes]), { withUserId: bob.session.userId, name: 'blob.bin' });
    assert.ok(ack.conversationId);
    const message = await seen;
    assert.equal(message.seq, ack.seq);
    assert.deepEqual(Buffer.from(await bob.downloadFile(message.file)), bytes);

    const again = await alice.uploadFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), { withUserId: bob.session.userId, name: 'buffer.bin' });
    assert.notEqual(again.file.id, ack.file.id);
    assert.deepEqual(Buffer.from(await alice.downloadFile(again.file)), bytes);
  });

  test('a connection cut mid-upload: after the reconnect the SDK resumes and sends only the chunks the server lacks', async () => {
    const { client: alice, frames } = await recorded(uniqueId('alice'));
    const roomId = uniqueId('room');
    await alice.joinRoom(roomId);
    const bytes = randomBytes(40 * CHUNK + 7);
    let cut = false;
    const states = [];
    alice.on('state', (state) => states.push(state));

    const ack = await alice.uploadFile(bytes, {
      roomId,
      name: 'resumed.bin',
      concurrency: 2,
      onProgress: (sent) => {
        // Kill the socket after about 10 chunks, as a network failure would.
        if (!cut && sent >= 10 * CHUNK) {
          cut = true;
          alice.socket.terminate();
        }
      },
    });

    assert.ok(cut);
    assert.ok(states.includes('reconnecting'));
    const uploadId = frames.find((f) => f.type === 'upload-chunk').data.uploadId;
    const resumes = frames.filter((f) => f.type === 'upload-start' && f.data.uploadId === uploadId);
    assert.equal(resumes.length, 1, 'one resume');
    // Chunks sent before the cut and after it: each index at least once, and none of those
    // acked before the cut again (at most the 2 in flight at the cut are repeated).
    const indexes = chunkFrames(frames).map((f) => f.data.index);
    assert.deepEqual([...new Set(indexes)].sort((a, b) => a - b), [...Array(41).keys()]);
    assert.ok(indexes.length <= 41 + 2, `sent ${indexes.length} chunks for 41`);
    assert.deepEqual(Buffer.from(await alice.downloadFile(ack.file)), bytes);
  });

  test('an AbortSignal stops the upload: rejects with aborted, upload-cancel removes it on the server', async () => {
    const { client: alice, frames } = await recorded(uniqueId('alice'));
    const roomId = uniqueId('room');
    await alice.joinRoom(roomId);
    const controller = new AbortController();
    const bytes = randomBytes(30 * CHUNK);

    await rejects(alice.uploadFile(bytes, {
      roomId,
      name: 'cancelled.bin',
      concurrency: 1,
      signal: controller.signal,
      onProgress: (sent) => { if (sent >= 2 * CHUNK) controller.abort(); },
    }), 'aborted');

    const uploadId = frames.find((f) => f.type === 'upload-chunk').data.uploadId;
    await waitUntil(() => frames.some((f) => f.type === 'upload-cancel' && f.data.uploadId === uploadId), 5000, 'upload-cancel');
    assert.ok(chunkFrames(frames).length < 30);
    // The cancel is not awaited by the SDK: the server may take a moment.
    const token = await devToken(gateway.baseUrl, alice.session.userId);
    let resumed;
    for (let i = 0; i < 50 && resumed?.code !== 'not_found'; i++) {
      resumed = await rawRequest(gateway, token, 'upload-start', { uploadId });
      if (resumed?.code !== 'not_found') await delay(100);
    }
    assert.equal(resumed.code, 'not_found');
    // An already aborted signal sends nothing.
    const before = frames.length;
    await assert.rejects(alice.uploadFile(bytes, { roomId, name: 'x.bin', signal: AbortSignal.abort() }));
    assert.equal(frames.length, before);
  });

  test('refusals surface as ChatError with the server code; nothing is uploaded', async () => {
    const { client: alice, frames } = await recorded(uniqueId('alice'));
    const roomId = uniqueId('room');
    await alice.joinRoom(roomId);

    await rejects(alice.uploadFile(randomBytes(MAX_BYTES + 1), { roomId, name: 'big.bin' }), 'quota_exceeded');
    await rejects(alice.uploadFile(randomBytes(100), { roomId: uniqueId('not-mine'), name: 'x.bin' }), 'not_in_room');
    await rejects(alice.uploadFile(randomBytes(100), { roomId, name: 'x.exe', mimeType: 'application/x-msdownload' }), 'unsupported_type');
    assert.equal(chunkFrames(frames).length, 0);
    await assert.rejects(alice.uploadFile(randomBytes(10), { name: 'x.bin' }), TypeError);
    await assert.rejects(alice.uploadFile('not bytes', { roomId, name: 'x.bin' }), TypeError);
  });

  test('a file of a room the user is not in: downloadFile rejects not_found, the ?token= URL answers 404', async () => {
    const alice = await connected(uniqueId('alice'));
    const mallory = await connected(uniqueId('mallory'));
    const roomId = uniqueId('room');
    await alice.joinRoom(roomId);
    const { file } = await alice.uploadFile(randomBytes(100), { roomId, name: 'secret.bin' });

    await rejects(mallory.downloadFile(file), 'not_found');
    assert.equal((await fetch(mallory.fileUrl(file))).status, 404);
    assert.equal((await fetch(`${gateway.baseUrl}${file.url}`)).status, 401);
  });
});
