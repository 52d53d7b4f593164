// A loopback TCP proxy in front of the gateway, to break connections the way a network does:
// bytes from the server can be swallowed (written by the server, never read by the client), and
// connections can be cut without any WebSocket or Engine.IO close.
import { createServer, connect } from 'node:net';

/** Starts a proxy on a free loopback port forwarding to `targetUrl` (http://host:port). */
export async function startProxy(targetUrl) {
  const target = new URL(targetUrl);
  const pairs = new Set();
  const proxy = {
    /** While true, bytes from the server are dropped instead of forwarded. */
    blackhole: false,
    baseUrl: '',
    /** Cuts every open connection (both sides), as a network failure would. */
    cutAll() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    close() {
      proxy.cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => { if (!proxy.blackhole) client.write(chunk); });
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.baseUrl = `http://127.0.0.1:${server.address().port}`;
  return proxy;
}
