/**
 * Edits and deletes per room (or per conversation): the highest changeSeq given to the app, and while
 * the scope recovers changes after a reconnect, the live changes that arrived meanwhile. Each changeSeq
 * reaches the app once and, per scope, in changeSeq order, so a recovered (older) state never
 * overwrites a newer live one. No I/O: the client runs the requests.
 *
 * A change is `{ kind: 'edited' | 'deleted', event }`, `event` being the message-edited /
 * message-deleted payload.
 */
export class ChangeTracker {
  /** scopeId -> { lastChangeSeq: number | null, held: change[] | null } */
  #scopes = new Map();

  /** The highest changeSeq of the scope given to the app (or known from an ack), or null when unknown. */
  lastChangeSeq(scopeId) { return this.#scopes.get(scopeId)?.lastChangeSeq ?? null; }

  /** True while the scope recovers. */
  recovering(scopeId) { return this.#scopes.get(scopeId)?.held != null; }

  /** An ack told the scope's current change counter (join-room, get-private-history): nothing before it is news. */
  known(scopeId, lastChangeSeq) {
    if (!Number.isInteger(lastChangeSeq)) return;
    const scope = this.#get(scopeId);
    if (scope.held) return; // the recovery moves it on
    scope.lastChangeSeq = Math.max(scope.lastChangeSeq ?? 0, lastChangeSeq);
  }

  /** A live change: returns the changes for the app now (none while recovering or when seen already). */
  live(scopeId, change) {
    const scope = this.#get(scopeId);
    if (scope.held) {
      scope.held.push(change);
      return [];
    }
    return advance(scope, change) ? [change] : [];
  }

  /** Starts a recovery; returns the changeSeq to ask after (0 when unknown: every retained change). */
  begin(scopeId) {
    const scope = this.#get(scopeId);
    scope.held ??= [];
    return scope.lastChangeSeq ?? 0;
  }

  /** Starts a recovery of every tracked scope and of `scopeIds`: live changes are held until each one's end(). */
  beginAll(scopeIds = []) {
    for (const scopeId of scopeIds) this.#get(scopeId);
    for (const scopeId of this.#scopes.keys()) this.begin(scopeId);
  }

  /** The scopes recovering now. */
  held() {
    return [...this.#scopes].filter(([, scope]) => scope.held != null).map(([scopeId]) => scopeId);
  }

  /**
   * Ends a recovery: the recovered changes and the live ones held meanwhile, in changeSeq order, each
   * once. `serverLastChangeSeq` is the server's counter (null when the recovery failed: then the
   * scope stays at what it gave the app, and the next recovery asks again).
   */
  end(scopeId, recovered, serverLastChangeSeq) {
    const scope = this.#scopes.get(scopeId);
    if (!scope?.held) return [];
    const held = scope.held;
    scope.held = null;
    // The counter restarted (a server without durable storage restarted): start over from the server's.
    if (serverLastChangeSeq != null && scope.lastChangeSeq != null && serverLastChangeSeq < scope.lastChangeSeq) scope.lastChangeSeq = null;
    const before = scope.lastChangeSeq;
    const merged = [...recovered, ...held].sort((a, b) => a.event.changeSeq - b.event.changeSeq);
    const out = merged.filter((change) => advance(scope, change));
    if (serverLastChangeSeq != null) {
      scope.lastChangeSeq = Math.max(scope.lastChangeSeq ?? 0, serverLastChangeSeq);
    } else {
      // Failed part-way: stay at the last recovered change, so the next recovery asks again for the
      // rest (the held live ones it gave now come again as their current state: harmless).
      const lastRecovered = recovered.reduce((max, change) => Math.max(max, change.event.changeSeq ?? 0), 0);
      scope.lastChangeSeq = before == null && lastRecovered === 0 ? null : Math.max(before ?? 0, lastRecovered);
    }
    return out;
  }

  /** The connection dropped: held changes are fetched again by the next recovery. */
  dropHeld() {
    for (const scope of this.#scopes.values()) scope.held = null;
  }

  forget(scopeId) { this.#scopes.delete(scopeId); }

  #get(scopeId) {
    let scope = this.#scopes.get(scopeId);
    if (!scope) {
      scope = { lastChangeSeq: null, held: null };
      this.#scopes.set(scopeId, scope);
    }
    return scope;
  }
}

function advance(scope, change) {
  const changeSeq = change.event.changeSeq;
  if (!Number.isInteger(changeSeq)) return true; // not numbered: pass it on
  if (scope.lastChangeSeq != null && changeSeq <= scope.lastChangeSeq) return false;
  scope.lastChangeSeq = changeSeq;
  return true;
}

/**
 * A recovered message (its current state, from a join ack's `changes` or get-changes) as the change
 * event the app would have had live. `scope` is `{ roomId }` or `{ conversationId }`.
 */
export function changeOfMessage(message, scope) {
  if (message.deleted) {
    return {
      kind: 'deleted',
      event: { ...scope, seq: message.seq, id: message.id, deletedBy: message.deletedBy ?? null, changeSeq: message.changeSeq, recovered: true },
    };
  }
  return {
    kind: 'edited',
    event: {
      ...scope,
      seq: message.seq,
      id: message.id,
      content: message.content,
      editedAt: message.editedAt ?? null,
      editedBy: message.userId ?? message.fromUserId ?? null, // only the author edits
      changeSeq: message.changeSeq,
      recovered: true,
    },
  };
}
