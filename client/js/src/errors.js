/**
 * A failed request: the server's error ack ({ error, code }) or a client-side failure with code
 * `timeout` (no ack within ackTimeoutMs), `disconnected` (the connection was lost and could not
 * be re-established, or the request may not be repeated), `closed` (close() was called) or
 * `connect_failed`.
 */
export class ChatError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'ChatError';
    this.code = code;
  }
}
