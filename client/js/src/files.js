import { httpError } from './calls.js';

/** The gateway's HTTP origin for a native endpoint URL (ws://host/ws -> http://host/). */
export function httpBaseOf(socketUrl) {
  const url = new URL(socketUrl, globalThis.location?.href);
  url.protocol = url.protocol.replace(/^ws/, 'http');
  url.pathname = '/';
  url.search = '';
  url.hash = '';
  return url;
}

/** The path of a file object ({ id, url }) or a file id. */
function filePath(file) {
  if (typeof file === 'string') return `/files/${encodeURIComponent(file)}`;
  if (typeof file?.url === 'string') return file.url;
  if (typeof file?.id === 'string') return `/files/${encodeURIComponent(file.id)}`;
  throw new TypeError('file must be a file object ({ id, url }) or a file id');
}

/** Absolute download URL with ?token= (for <img src> and <a href>, which cannot send a header). */
export function fileUrlOf(base, file, token) {
  const url = new URL(filePath(file), base);
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

/** Fetches a file with `Authorization: Bearer` (the token stays out of URLs and logs); resolves with its bytes. */
export async function downloadFileFrom(base, file, token, { signal, fetch: fetchImpl = globalThis.fetch } = {}) {
  const response = await fetchImpl(new URL(filePath(file), base), { headers: { authorization: `Bearer ${token}` }, signal });
  if (!response.ok) throw httpError(response.status, `GET ${filePath(file)}`);
  return new Uint8Array(await response.arrayBuffer());
}
