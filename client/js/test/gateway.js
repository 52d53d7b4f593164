// Test support: runs a real gateway (dotnet run --no-build) on free loopback ports.
// Build it first: `dotnet build gateway` in the repository root.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { ChatClient } from '../src/index.js';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const READY_TIMEOUT_MS = 90_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a gateway; resolves once /health/ready answers. Call stop() at the end. */
export async function startGateway() {
  const [httpPort, siloPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const args = [
    // CHAT_CONFIGURATION picks the build to run (run-tests.sh builds Release); default Debug.
    'run', '--project', 'gateway', '-c', process.env.CHAT_CONFIGURATION ?? 'Debug', '--no-build', '--no-launch-profile', '--',
    '--urls', baseUrl,
    '--Orleans:SiloPort', String(siloPort),
    '--Orleans:GatewayPort', String(gatewayPort),
    '--Orleans:Dashboard', 'false',
    '--Limits:EventsPerMinute', '100000',
  ];
  // detached: own process group, so stop() also ends the app process `dotnet run` starts.
  const child = spawn('dotnet', args, {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ASPNETCORE_ENVIRONMENT: 'Development', DOTNET_NOLOGO: '1' },
  });
  let output = '';
  const keep = (chunk) => { output = (output + chunk).slice(-20_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  child.on('exit', () => { exited = true; });

  const kill = (signal) => {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  const killOnExit = () => kill('SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (true) {
    if (exited) throw new Error(`gateway exited before it was ready (did you run "dotnet build gateway"?):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`gateway not ready after ${READY_TIMEOUT_MS} ms:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    await delay(200);
  }

  return { baseUrl, wsUrl: `${baseUrl.replace(/^http/, 'ws')}/ws`, stop, output: () => output };
}

export async function devToken(baseUrl, userId, name = userId) {
  const response = await fetch(`${baseUrl}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, name }),
  });
  if (!response.ok) throw new Error(`dev-token: ${response.status}`);
  return (await response.json()).token;
}

/** A ChatClient for a fresh dev token of userId, with quick reconnects; not connected yet. */
export async function newClient(gateway, userId, options = {}) {
  const token = await devToken(gateway.baseUrl, userId);
  return new ChatClient({
    url: gateway.wsUrl,
    token,
    WebSocket,
    reconnect: { minDelayMs: 100, maxDelayMs: 1000 },
    ackTimeoutMs: 10_000,
    ...options,
  });
}

/** Resolves with the first payload of `event` that matches, or rejects after timeoutMs. */
export function nextEvent(client, event, predicate = () => true, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no ${event} within ${timeoutMs} ms`)); }, timeoutMs);
    const off = client.on(event, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Polls until check() is truthy. */
export async function waitUntil(check, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let counter = 0;
/** A unique id for users and rooms, so tests sharing one gateway do not meet. */
export const uniqueId = (prefix) => `${prefix}-${Date.now().toString(36)}-${++counter}`;
