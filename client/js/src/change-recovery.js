import { changeOfMessage } from './change-tracker.js';

const CHANGES_PAGE = 100; // the server's largest get-changes page

/**
 * Collects changed messages as change events: `first` (a join ack's page, or none), then get-changes
 * pages after `from` while the server says there are more. `scope` is `{ roomId }` or `{ withUserId }`
 * (the request's), `eventScope` `{ roomId }` or `{ conversationId }` (the events'). `request(type, data)`
 * sends one request and resolves with its ack. Never throws: a failure comes back as `error`, with the
 * changes fetched until then.
 */
export async function fetchChanges(request, { scope, eventScope = scope, from = 0, first = [], more, lastChangeSeq = null }) {
  const changes = first.map((message) => changeOfMessage(message, eventScope));
  let last = lastChangeSeq;
  try {
    while (more) {
      const since = changes.reduce((max, change) => Math.max(max, change.event.changeSeq ?? 0), from);
      const page = await request('get-changes', { ...scope, sinceChangeSeq: since, limit: CHANGES_PAGE });
      const messages = page.messages ?? [];
      changes.push(...messages.map((message) => changeOfMessage(message, eventScope)));
      last = page.lastChangeSeq ?? last;
      more = page.hasMore === true && messages.length > 0;
    }
  } catch (error) {
    return { changes, lastChangeSeq: last, error };
  }
  return { changes, lastChangeSeq: last, error: null };
}

/**
 * The conversations whose changes to fetch after a reconnect: those the app has messages of (`known`,
 * from the conversation tracker) or a change seq for, whose listed counter (`listed`: the sidebar's or
 * get-conversations' entries) is ahead of the change seq the app has (one never changed, counter 0, is
 * not). Returns `[{ conversationId, withUserId, listedSeq }]`.
 */
export function conversationsBehind(known, listed, changeTracker) {
  const counters = new Map(listed.map((c) => [c.conversationId, { withUserId: c.withUser?.id, lastChangeSeq: c.lastChangeSeq }]));
  const candidates = new Map(known.map(({ conversationId, withUserId }) => [conversationId, withUserId]));
  for (const [conversationId, { withUserId }] of counters) {
    if (changeTracker.lastChangeSeq(conversationId) != null) candidates.set(conversationId, withUserId);
  }
  const behind = [];
  for (const [conversationId, withUserId] of candidates) {
    const have = changeTracker.lastChangeSeq(conversationId);
    const listedSeq = counters.get(conversationId)?.lastChangeSeq;
    if (counters.has(conversationId) && !Number.isInteger(listedSeq)) continue; // a server without change seqs
    if (!withUserId || (have != null && Number.isInteger(listedSeq) && listedSeq <= have)) continue; // nothing new
    if (have == null && listedSeq === 0) continue; // never changed: nothing to fetch
    behind.push({ conversationId, withUserId, listedSeq: Number.isInteger(listedSeq) ? listedSeq : null });
  }
  return behind;
}
