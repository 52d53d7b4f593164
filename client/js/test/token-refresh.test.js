// Token refresh through getToken against a real gateway whose tokens live seconds: run `dotnet build gateway` first.
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { ChatClient } from '../src/index.js';
import { startGateway, uniqueId, waitUntil } from './gateway.js';

const SIGNING_KEY = 'js-token-refresh-tests-signing-key-0123456789';

/** An HS256 token of userId that expires within `seconds` (JWTs count whole seconds). */
function shortToken(userId, seconds = 4) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: userId, iat: now, exp: now + seconds })}`;
  return `${body}.${createHmac('sha256', SIGNING_KEY).update(body).digest('base64url')}`;
}

let gateway;
const clients = [];

function newClient(getToken) {
  const client = new ChatClient({ url: gateway.wsUrl, getToken, WebSocket, reconnect: { minDelayMs: 50, maxDelayMs: 250 }, ackTimeoutMs: 10_000 });
  clients.push(client);
  return client;
}

describe('token refresh', { timeout: 60_000 }, () => {
  // Warned 2 s before exp, closed 1 s after it.
  before(async () => {
    gateway = await startGateway({ 'Auth:SigningKey': SIGNING_KEY, 'Auth:ExpiryWarning': '00:00:02', 'Auth:ClockSkew': '00:00:01' });
  });
  after(async () => {
    for (const client of clients) client.close();
    await gateway?.stop();
  });

  test('a client with tokens of seconds stays connected past several expiries, with a fresh token each time', async () => {
    const userId = uniqueId('u');
    let tokens = 0;
    const client = newClient(async () => { tokens++; return shortToken(userId); });
    const refreshed = [];
    const states = [];
    let connects = 0;
    client.on('token-refreshed', (event) => refreshed.push(event));
    client.on('state', (state) => states.push(state));
    client.on('connected', () => connects++);

    await client.connect();
    await waitUntil(() => refreshed.length >= 3, 20_000, 'three token refreshes');

    assert.ok(refreshed.every((event) => event.expiresAt > 0));
    assert.ok(refreshed[2].expiresAt > refreshed[0].expiresAt);
    assert.ok(tokens >= 4);
    assert.equal(connects, 1);
    assert.deepEqual(states, ['connecting', 'connected']);
    assert.deepEqual(await client.ping(), { success: true });
  });

  test('a refused refresh lets the server close, and the reconnect takes a fresh token', async () => {
    const userId = uniqueId('u');
    let calls = 0;
    // The refresh (second call) hands over another user's token, which the server refuses.
    const client = newClient(async () => shortToken(++calls === 2 ? uniqueId('other') : userId));
    const sessions = [];
    const states = [];
    client.on('connected', (session) => sessions.push(session));
    client.on('state', (state) => states.push(state));

    await client.connect();
    await waitUntil(() => sessions.length >= 2, 20_000, 'a reconnect after the expiry');

    assert.ok(sessions.every((session) => session.userId === userId));
    assert.ok(states.includes('reconnecting'));
    assert.ok(calls >= 3);
    assert.deepEqual(await client.ping(), { success: true });
  });
});
