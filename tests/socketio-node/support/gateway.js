// Test support: runs a real gateway, or the Socket.IO conformance host, as a child process
// (`dotnet run --no-build`) on free loopback ports. Build first: `dotnet build Orleans.Chat.sln`
// (or `dotnet build gateway` and `dotnet build tests/ConformanceHost`) in the repository root.
// The JavaScript SDK's tests (client/js/test/gateway.js) start their gateway through this file too.
// CHAT_CONFIGURATION picks the build to run (CI builds Release); default Debug.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const READY_TIMEOUT_MS = 90_000;
const configuration = () => process.env.CHAT_CONFIGURATION ?? 'Debug';

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
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

/**
 * Starts `dotnet run --project <project> -c <cfg> --no-build -- <args>` in its own process group and
 * resolves once `ready()` answers true. Returns { stop, output }.
 */
async function startDotnet(project, appArgs, ready, what) {
  const args = ['run', '--project', project, '-c', configuration(), '--no-build', '--no-launch-profile', '--', ...appArgs];
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
    if (exited) {
      throw new Error(`${what} exited before it was ready (did you build it with -c ${configuration()}?):\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${what} not ready after ${READY_TIMEOUT_MS} ms:\n${output}`);
    }
    try {
      if (await ready()) break;
    } catch { /* not listening yet */ }
    await delay(200);
  }

  return { stop, output: () => output };
}

/**
 * Starts a single-node gateway (co-hosted silo, Development environment); resolves once
 * /health/ready answers. `settings` are extra configuration keys, e.g.
 * { 'SocketIo:MaxDisconnectionDuration': '00:00:01' }. Call stop() at the end.
 */
export async function startGateway(settings = {}) {
  const [httpPort, siloPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const appArgs = [
    '--urls', baseUrl,
    '--Orleans:SiloPort', String(siloPort),
    '--Orleans:GatewayPort', String(gatewayPort),
    '--Orleans:Dashboard', 'false',
    '--Limits:EventsPerMinute', '100000',
    // Every test user gets a dev token from this one address.
    '--Auth:DevTokensPerMinute', '100000',
    // Every test client connects from 127.0.0.1: no per-address caps.
    '--Limits:ConnectionsPerAddress', '1000000',
    '--Limits:ConnectsPerAddressPerMinute', '1000000',
    '--Limits:ConnectBurstPerAddress', '1000000',
    '--SocketIo:MaxPendingSessions', '1000000',
    '--SocketIo:MaxPendingSessionsPerAddress', '1000000',
    '--Logging:LogLevel:Default', 'Warning',
  ];
  for (const [key, value] of Object.entries(settings)) appArgs.push(`--${key}`, String(value));

  const process_ = await startDotnet('gateway', appArgs, async () => (await fetch(`${baseUrl}/health/ready`)).ok, 'gateway');
  return { baseUrl, ...process_ };
}

/** Starts tests/ConformanceHost in Socket.IO mode (path /socket.io/, namespace "/" echoes). */
export async function startConformanceHost() {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const process_ = await startDotnet(
    'tests/ConformanceHost',
    ['--mode', 'socketio', '--port', String(port)],
    async () => (await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling`)).ok,
    'conformance host');
  return { baseUrl, ...process_ };
}

/** A token from POST /auth/dev-token (Development only). */
export async function devToken(baseUrl, userId, name = userId) {
  const response = await fetch(`${baseUrl}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, name }),
  });
  if (!response.ok) throw new Error(`dev-token: ${response.status}`);
  return (await response.json()).token;
}

let counter = 0;
/** A unique id for users and rooms, so tests sharing one gateway do not meet. */
export const uniqueId = (prefix) => `${prefix}-${Date.now().toString(36)}-${++counter}`;
