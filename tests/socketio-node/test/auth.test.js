// Authentication over Socket.IO: the CONNECT auth payload {token}, ?token= and Authorization,
// failures as connect_error with data {code}; over each transport mode.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { devToken, startGateway, uniqueId } from '../support/gateway.js';
import { TRANSPORT_MODES, closeAll, connectOutcome, createSocket, expectConnectError, waitForTransport } from '../support/sio.js';

/** An HS256 JWT for `sub` signed with a key the gateway does not know. */
function foreignToken(sub) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, iat: now, nbf: now - 60, exp: now + 3600 })}`;
  const signature = createHmac('sha256', 'a-key-the-gateway-has-never-seen-0123456789').update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

let gateway;
before(async () => { gateway = await startGateway(); });
after(async () => { await gateway?.stop(); });

for (const [mode, { transports, expected }] of Object.entries(TRANSPORT_MODES)) {
  describe(`authentication (${mode})`, () => {
    test('CONNECT auth {token} connects and the chat connected event follows', async () => {
      const userId = uniqueId('auth');
      const token = await devToken(gateway.baseUrl, userId, 'Auth User');
      const socket = createSocket(gateway.baseUrl, { transports, auth: { token } });
      try {
        const before = Date.now();
        const opened = connectOutcome(socket);
        socket.connect();
        await opened;
        assert.equal(socket.connected, true);
        assert.equal(typeof socket.id, 'string');

        const connected = await socket.log.waitFor('connected');
        assert.equal(connected.userId, userId);
        assert.equal(typeof connected.sessionId, 'string');
        assert.ok(connected.sessionId.length > 0);
        assert.deepEqual(connected.rooms, []);
        assert.ok(Math.abs(connected.serverTime - before) < 60_000, `serverTime ${connected.serverTime}`);
        assert.equal(socket.log.events[0].event, 'connected', 'connected is the first event');
        await waitForTransport(socket, expected);
      } finally {
        closeAll(socket);
      }
    });

    test('no token: connect_error "Authentication required" with code auth_required', async () => {
      const socket = createSocket(gateway.baseUrl, { transports });
      try {
        const error = await expectConnectError(socket);
        assert.equal(error.message, 'Authentication required');
        assert.deepEqual(error.data, { code: 'auth_required' });
        assert.equal(socket.connected, false);
        assert.equal(socket.log.events.length, 0, 'no chat event before authentication');
      } finally {
        closeAll(socket);
      }
    });

    test('malformed token: connect_error "Authentication failed: ..." with code auth_failed', async () => {
      const socket = createSocket(gateway.baseUrl, { transports, auth: { token: 'not-a-jwt' } });
      try {
        const error = await expectConnectError(socket);
        assert.match(error.message, /^Authentication failed: .+/);
        assert.deepEqual(error.data, { code: 'auth_failed' });
        assert.equal(socket.connected, false);
      } finally {
        closeAll(socket);
      }
    });

    test('token signed with another key: auth_failed, and the same socket connects once given a good token', async () => {
      const userId = uniqueId('auth');
      const socket = createSocket(gateway.baseUrl, { transports, auth: { token: foreignToken(userId) } });
      try {
        const error = await expectConnectError(socket);
        assert.match(error.message, /^Authentication failed: .+/);
        assert.equal(error.data?.code, 'auth_failed');

        socket.auth = { token: await devToken(gateway.baseUrl, userId) };
        const opened = connectOutcome(socket);
        socket.connect();
        await opened;
        assert.equal((await socket.log.waitFor('connected')).userId, userId);
      } finally {
        closeAll(socket);
      }
    });

    test('token in the ?token= query also works', async () => {
      const userId = uniqueId('query');
      const socket = createSocket(gateway.baseUrl, { transports, query: { token: await devToken(gateway.baseUrl, userId) } });
      try {
        const opened = connectOutcome(socket);
        socket.connect();
        await opened;
        assert.equal((await socket.log.waitFor('connected')).userId, userId);
      } finally {
        closeAll(socket);
      }
    });

    test('token in an Authorization: Bearer header also works', async () => {
      const userId = uniqueId('header');
      const token = await devToken(gateway.baseUrl, userId);
      const socket = createSocket(gateway.baseUrl, { transports, extraHeaders: { Authorization: `Bearer ${token}` } });
      try {
        const opened = connectOutcome(socket);
        socket.connect();
        await opened;
        assert.equal((await socket.log.waitFor('connected')).userId, userId);
      } finally {
        closeAll(socket);
      }
    });
  });
}
