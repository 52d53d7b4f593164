import { ChatError } from './errors.js';

const DEFAULT_CONCURRENCY = 3;
// A resume that finds the server still missing chunks after sending them all (a chunk lost with a
// dropped socket) is repeated; more often than this means something else is wrong.
const MAX_ROUNDS = 20;

/**
 * Uploads a file over a transport and resolves with the upload-complete ack ({ file, messageId, seq, ... }).
 *
 * transport: { request(type, data, { resend, bound }) -> Promise<ack> rejecting with ChatError,
 *              encodeChunk(Uint8Array) -> the chunk's `data` (base64 or a binary attachment),
 *              whenConnected() -> Promise that resolves once the transport is connected again,
 *              isConnected() -> whether a chunk may go out now (never queued for a later connection),
 *              isConnectionLoss(error) -> whether the error means "resume after the reconnect" }.
 * Chunks go out `concurrency` at a time. When the connection drops, the upload waits for the
 * reconnect, asks the server which chunks it has (upload-start {uploadId}) and sends the others.
 */
export async function runUpload(transport, input, options = {}) {
  const { name, mimeType, onProgress, signal, concurrency = DEFAULT_CONCURRENCY } = options;
  const scope = scopeOf(options);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError('concurrency must be a positive integer');
  signal?.throwIfAborted?.();
  const bytes = await readBytes(input);
  const fileName = name ?? input?.name;
  if (typeof fileName !== 'string' || fileName.length === 0) throw new TypeError('name is required (or pass a File)');
  const type = mimeType || input?.type || 'application/octet-stream';
  const sha256 = await sha256Hex(bytes);
  signal?.throwIfAborted?.();

  const upload = new Upload(transport, bytes, { concurrency, onProgress, signal });
  try {
    let status = await upload.call('upload-start', { ...scope, name: fileName, size: bytes.byteLength, mimeType: type, sha256 }, { resend: true });
    upload.uploadId = status.uploadId;
    for (let round = 0; ; round++) {
      if (status) {
        try {
          await upload.sendMissing(status);
          return await upload.call('upload-complete', { uploadId: upload.uploadId }, { resend: true });
        } catch (err) {
          // not_found from a chunk: it reached a connection that has not resumed the upload (a drop and
          // reconnect in between); the resume tells whether the upload itself is gone.
          if (!transport.isConnectionLoss(err) && err?.code !== 'upload_incomplete' && err?.code !== 'not_found') throw err;
        }
      }
      if (round >= MAX_ROUNDS) throw new ChatError('upload_incomplete', 'The upload did not complete after repeated resumes');
      status = null;
      await upload.untilConnected();
      try {
        status = await upload.call('upload-start', { uploadId: upload.uploadId }, { resend: false });
      } catch (err) {
        if (!transport.isConnectionLoss(err)) throw err;
      }
    }
  } catch (err) {
    if (signal?.aborted && upload.uploadId) {
      // Best effort, not awaited (an abort while reconnecting must not wait for the connection): the
      // server forgets the chunks now instead of after Files:UploadTimeout.
      transport.request('upload-cancel', { uploadId: upload.uploadId }, { resend: false }).catch(() => {});
    }
    throw signal?.aborted ? abortError(signal) : err;
  } finally {
    upload.dispose();
  }
}

/** One upload's chunk sending: progress, concurrency and abort. */
class Upload {
  uploadId = null;
  #transport;
  #bytes;
  #concurrency;
  #onProgress;
  #signal;
  #aborted;
  #onAbort;

  constructor(transport, bytes, { concurrency, onProgress, signal }) {
    this.#transport = transport;
    this.#bytes = bytes;
    this.#concurrency = concurrency;
    this.#onProgress = onProgress;
    this.#signal = signal;
    this.#aborted = new Promise((_, reject) => {
      this.#onAbort = () => reject(abortError(signal));
      signal?.addEventListener?.('abort', this.#onAbort, { once: true });
    });
    this.#aborted.catch(() => {});
  }

  /** A request that gives up as soon as the signal aborts. */
  call(type, data, options) {
    return Promise.race([this.#transport.request(type, data, options), this.#aborted]);
  }

  untilConnected() {
    return Promise.race([this.#transport.whenConnected(), this.#aborted]);
  }

  /** Sends every chunk the status does not list as received; the first failure stops the others. */
  async sendMissing({ chunkSize, chunkCount, received = [] }) {
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || !Number.isInteger(chunkCount)) {
      throw new ChatError('invalid_format', 'The server sent an upload status without chunkSize or chunkCount');
    }
    const have = new Set(received);
    const missing = [];
    for (let index = 0; index < chunkCount; index++) if (!have.has(index)) missing.push(index);
    const total = this.#bytes.byteLength;
    let sent = total - missing.reduce((sum, index) => sum + this.#chunk(index, chunkSize).byteLength, 0);
    this.#onProgress?.(sent, total);

    let failure = null;
    const worker = async () => {
      while (failure === null && missing.length > 0) {
        const index = missing.shift();
        const chunk = this.#chunk(index, chunkSize);
        try {
          // A chunk goes to the connection that started or resumed the upload only (another one answers
          // not_found, and holds chunk frames to the small frame cap): after a drop, the resume takes over.
          if (!this.#transport.isConnected()) throw new ChatError('disconnected', 'Connection lost during the upload');
          await this.call('upload-chunk', { uploadId: this.uploadId, index, data: this.#transport.encodeChunk(chunk) }, { bound: true });
        } catch (err) {
          failure ??= err;
          return;
        }
        sent += chunk.byteLength;
        this.#onProgress?.(sent, total);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#concurrency, missing.length) }, worker));
    if (failure) throw failure;
  }

  #chunk(index, chunkSize) {
    return this.#bytes.subarray(index * chunkSize, Math.min((index + 1) * chunkSize, this.#bytes.byteLength));
  }

  dispose() {
    this.#signal?.removeEventListener?.('abort', this.#onAbort);
  }
}

/**
 * Uploads a file through a connected socket.io-client socket (the gateway's /socket.io/ endpoint),
 * chunks as binary attachments. Resumes after socket.io-client reconnects by itself. Same options
 * and result as ChatClient.uploadFile, plus ackTimeoutMs (default 15 s).
 */
export function uploadFileOverSocketIo(socket, input, options = {}) {
  const ackTimeoutMs = options.ackTimeoutMs ?? 15_000;
  return runUpload({
    async request(type, data) {
      let ack;
      try {
        ack = await socket.timeout(ackTimeoutMs).emitWithAck(type, data);
      } catch (err) {
        // socket.io-client fails the ack of a packet written before a disconnect with this error.
        throw socket.connected
          ? new ChatError('timeout', `No ack for ${type} within ${ackTimeoutMs} ms`)
          : new ChatError('disconnected', err?.message ?? 'socket has been disconnected');
      }
      if (ack && ack.code !== undefined && ack.success !== true) throw new ChatError(ack.code, ack.error ?? ack.code);
      return ack;
    },
    encodeChunk: (chunk) => chunk,
    isConnected: () => socket.connected,
    whenConnected: () => (socket.connected ? Promise.resolve() : new Promise((resolve) => socket.once('connect', resolve))),
    isConnectionLoss: (err) => err?.code === 'disconnected',
  }, input, options);
}

/** { roomId } or { withUserId } from the options; exactly one. */
function scopeOf({ roomId, withUserId }) {
  if ((roomId == null) === (withUserId == null)) throw new TypeError('give exactly one of roomId and withUserId');
  return roomId != null ? { roomId } : { withUserId };
}

/** The whole content as a Uint8Array: from a Blob/File, an ArrayBuffer, a typed array or a Buffer. */
export async function readBytes(input) {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof input?.arrayBuffer === 'function') return new Uint8Array(await input.arrayBuffer());
  throw new TypeError('the file must be a Blob, File, ArrayBuffer, Uint8Array or Buffer');
}

/** Lowercase hex SHA-256 through WebCrypto (browsers in a secure context, Node 20). */
export async function sha256Hex(bytes) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new ChatError('unsupported', 'WebCrypto (crypto.subtle) is not available: a browser needs a secure context (https or localhost)');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Base64 of the bytes, in Node (Buffer) and browsers (btoa over slices, to keep the argument list short). */
export function toBase64(bytes) {
  if (typeof globalThis.Buffer === 'function') return globalThis.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function abortError(signal) {
  const reason = signal?.reason;
  return reason instanceof ChatError ? reason : new ChatError('aborted', reason?.message ?? 'The upload was aborted');
}
