// The real Socket.IO Admin UI (@socket.io/admin-ui's built ui/dist) in Debian's Chromium against a real gateway:
// it logs in to /admin, lists a Socket.IO and a native chat session with their rooms, and disconnects one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { devToken, startGateway, uniqueId } from './gateway.js';
import { CHROMIUM, skipWithoutChromium } from './demo-page.js';

const require = createRequire(import.meta.url);
const uiDist = join(dirname(require.resolve('@socket.io/admin-ui/package.json')), 'ui', 'dist');
const USERNAME = 'operator';
const PASSWORD = 'c0rrect-h0rse-battery';
// bcrypt of PASSWORD, cost 10 (made with `node -e "console.log(require('bcryptjs').hashSync(process.argv[1], 10))" <password>`).
const PASSWORD_HASH = '$2a$10$HAxtEml.sV5bxCvyy/GULOorgI6aoPcnzJoGwp5Qf6vJGIlq1j10K';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.map': 'application/json' };

/** Serves the UI's files on loopback, as an operator would host a local copy. */
async function serveUi() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(uiDist, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? (path === '/' ? 'text/html' : 'application/octet-stream') });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

function nativeClient(gateway, token) {
  const socket = new WebSocket(`${gateway.wsUrl}?token=${encodeURIComponent(token)}`);
  const closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const connected = new Promise((resolve, reject) => {
    socket.on('message', (raw) => { if (JSON.parse(String(raw)).type === 'connected') resolve(); });
    socket.once('error', reject);
  });
  let next = 0;
  const request = (type, data) => new Promise((resolve) => {
    const id = `r${++next}`;
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw));
      if (frame.type === 'ack' && frame.id === id) resolve(frame.data);
    });
    socket.send(JSON.stringify({ type, id, data }));
  });
  return { socket, closed, connected, request };
}

/** Picks a namespace in the UI's "Select namespace" dropdown (a Vuetify v-select: its options are role=option). */
async function eventually(check, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function selectNamespace(page, name) {
  await page.locator('.selector .v-select__slot').click();
  await page.getByRole('option', { name, exact: true }).click();
}

describe('Socket.IO Admin UI in Chromium', { skip: skipWithoutChromium, timeout: 120_000 }, () => {
  let gateway;
  let ui;
  let browser;

  before(async () => {
    ui = await serveUi();
    const { chromium } = await import('playwright-core');
    [gateway, browser] = await Promise.all([
      startGateway({
        'Admin:Username': USERNAME,
        'Admin:Password': PASSWORD_HASH,
        // The UI is a page of another origin: the gateway must allow it (Socket.IO polling CORS and the WebSocket Origin check).
        'Gateway:AllowedOrigins:0': ui.url,
      }),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
      }),
    ]);
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
    await ui?.close();
  });

  test('lists both protocols with their rooms and disconnects a session', async () => {
    const room = uniqueId('ops');
    const sioToken = await devToken(gateway.baseUrl, uniqueId('sio'), 'Sio User');
    const sio = io(gateway.baseUrl, { auth: { token: sioToken }, transports: ['websocket'], reconnection: false });
    const sioDisconnected = new Promise((resolve) => sio.on('disconnect', resolve));
    await new Promise((resolve) => sio.on('connected', resolve));
    await sio.emitWithAck('join-room', { roomId: room });
    const native = nativeClient(gateway, await devToken(gateway.baseUrl, uniqueId('nat'), 'Native User'));
    await native.connected;
    await native.request('join-room', { roomId: room });

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(15_000);
    // Offline test: the page's web fonts and icon CSS come from CDNs; only loopback is reachable.
    await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('[admin-ui] page error:', err));
    await page.goto(ui.url);

    // The connection form: server URL, username, password (the default path /socket.io and namespace /admin).
    await page.getByLabel('Server URL').fill(gateway.baseUrl);
    await page.getByLabel('Username').fill(USERNAME);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByText('Invalid credentials').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // Sockets of namespace "/" (Socket.IO); its details page lists its chat room.
    await page.goto(`${ui.url}/#/sockets/`);
    await page.getByRole('cell', { name: sio.id, exact: true }).click();
    await page.getByText(room, { exact: true }).first().waitFor();
    await page.goBack();
    await page.waitForURL(/#\/sockets\/$/);

    // Native sessions are namespace "/ws". The details page left behind lists its socket's headers (several
    // rows mention "websocket") until the router has rendered the list: wait for the list's one row.
    await selectNamespace(page, '/ws');
    const nativeRow = page.locator('tbody tr', { hasText: 'websocket' });
    await eventually(async () => (await nativeRow.count()) === 1, 'the /ws list with the native session');
    const nativeId = (await nativeRow.locator('td').first().textContent()).trim();
    await nativeRow.locator('td').first().click();
    await page.getByText(room, { exact: true }).first().waitFor();
    await page.goBack();
    await page.waitForURL(/#\/sockets\/$/);
    await eventually(async () => (await page.locator('tbody tr', { hasText: nativeId }).count()) === 1, 'the /ws list again');

    // Disconnect the native session from its row: it closes with the admin close reason and leaves the list.
    await page.locator('tbody tr', { hasText: nativeId }).locator('button').click();
    assert.deepEqual(await native.closed, { code: 4010, reason: 'admin_disconnect' });
    // (The click also opens the row's details page, as in the UI against a Node server: go back to the list.
    // The details page has tables of its own, listing the session and empty ones, and the router renders the
    // list asynchronously: wait for the list's end state rather than the first "No data available".)
    await page.goto(`${ui.url}/#/sockets/`);
    await page.waitForURL(/#\/sockets\/$/);
    await selectNamespace(page, '/ws');
    await eventually(async () => (await page.locator('tbody tr', { hasText: nativeId }).count()) === 0
      && page.getByText('No data available').first().isVisible(), 'the /ws list without the disconnected session');

    // And the Socket.IO one from namespace "/".
    await selectNamespace(page, '/');
    await page.locator('tbody tr', { hasText: sio.id }).locator('button').click();
    assert.equal(await sioDisconnected, 'io server disconnect');
    await context.close();
  });
});
