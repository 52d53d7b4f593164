// What a message shows: its text, a file (image preview or download link) or a call record line.
import { el } from './dom.js';
import { app, authorOf } from './state.js';

const MEDIA_LABEL = { audio: 'Audio call', video: 'Video call' };

export function messageBody(message) {
  if (message.deleted) return el('div', { class: 'content tombstone', 'data-testid': 'message-deleted' }, 'message deleted');
  if (message.type === 'file' && message.file) return fileBody(message.file);
  if (message.type === 'call' && message.call) return callBody(message);
  return el('div', { class: 'content' }, message.content);
}

/** Messages that can be edited inline: text ones (a file's or a call's message has no text to edit). */
export const isEditable = (message) => !message.type || message.type === 'text';

export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The file's address with the token for <img src> and links; an older SDK without fileUrl gets the bare path. */
function fileUrl(file) {
  try {
    return app.client.fileUrl?.(file) ?? file.url;
  } catch {
    return file.url; // no token yet
  }
}

function fileBody(file) {
  const url = fileUrl(file);
  const link = el('a', { href: url, download: file.name, 'data-testid': 'file-link', target: '_blank', rel: 'noopener' }, file.name);
  const info = el('div', { class: 'file-info' }, link, el('span', { class: 'hint', 'data-testid': 'file-size' }, ` ${formatSize(file.size)}`));
  const body = el('div', { class: 'content file', 'data-testid': 'file', 'data-file-id': file.id }, info);
  if (file.mimeType?.startsWith('image/')) {
    const img = el('img', { class: 'file-preview', src: url, alt: file.name, loading: 'lazy', 'data-testid': 'file-preview' });
    body.prepend(el('a', { href: url, target: '_blank', rel: 'noopener' }, img));
  }
  return body;
}

export function formatDuration(ms) {
  const seconds = Math.round((ms ?? 0) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const REASON = { 'no-answer': 'no answer', busy: 'busy', disconnected: 'disconnected', ended: 'cancelled' };

/** "Missed video call" for the callee, "Video call, 1:23" once answered; the caller's own view says why it did not happen. */
export function callLine(message) {
  const { media, outcome, reason, durationMs } = message.call;
  const kind = MEDIA_LABEL[media] ?? 'Call';
  const outgoing = authorOf(message) === app.me?.userId; // the record is sent by the caller
  if (outcome === 'completed') return `${kind}, ${formatDuration(durationMs)}`;
  if (outcome === 'rejected') return outgoing ? `${kind} declined` : `Declined ${kind.toLowerCase()}`;
  return outgoing ? `${kind}, ${REASON[reason] ?? 'not answered'}` : `Missed ${kind.toLowerCase()}`;
}

function callBody(message) {
  return el('div', {
    class: `content call-record ${message.call.outcome}`,
    'data-testid': 'call-record',
    'data-outcome': message.call.outcome,
    title: message.call.reason ?? '',
  }, callLine(message));
}
