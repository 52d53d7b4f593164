// The SDK's bookkeeping of edits/deletes (change seqs) and unread counts (no server needed).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeTracker, changeOfMessage } from '../src/change-tracker.js';
import { UnreadTracker } from '../src/unread-tracker.js';

const edit = (changeSeq, seq = changeSeq) => ({ kind: 'edited', event: { roomId: 'r', seq, id: `m${seq}`, content: `e${changeSeq}`, editedAt: changeSeq, editedBy: 'bob', changeSeq } });
const changeSeqs = (changes) => changes.map((c) => c.event.changeSeq);

describe('ChangeTracker', () => {
  test('live changes are given once each; older or repeated change seqs are dropped', () => {
    const tracker = new ChangeTracker();
    assert.deepEqual(changeSeqs(tracker.live('r', edit(1))), [1]);
    assert.deepEqual(changeSeqs(tracker.live('r', edit(2))), [2]);
    assert.deepEqual(tracker.live('r', edit(2)), []);
    assert.deepEqual(tracker.live('r', edit(1)), []);
    assert.equal(tracker.lastChangeSeq('r'), 2);
    assert.equal(tracker.lastChangeSeq('other'), null);
  });

  test('a recovery holds live changes and merges them with the recovered ones in change order, each once', () => {
    const tracker = new ChangeTracker();
    tracker.known('r', 3);
    assert.equal(tracker.begin('r'), 3);
    assert.equal(tracker.recovering('r'), true);
    assert.deepEqual(tracker.live('r', edit(6)), []); // held
    assert.deepEqual(tracker.live('r', edit(5)), []);
    const out = tracker.end('r', [edit(4), edit(5)], 6);
    assert.deepEqual(changeSeqs(out), [4, 5, 6]);
    assert.equal(tracker.lastChangeSeq('r'), 6);
    assert.equal(tracker.recovering('r'), false);
  });

  test('the server counter moves the scope on even when the changes it had were of messages not recovered', () => {
    const tracker = new ChangeTracker();
    tracker.begin('r');
    assert.deepEqual(tracker.end('r', [], 9), []);
    assert.equal(tracker.lastChangeSeq('r'), 9);
  });

  test('a failed recovery stays at the last recovered change, so the next one asks again', () => {
    const tracker = new ChangeTracker();
    tracker.known('r', 2);
    tracker.begin('r');
    tracker.live('r', edit(9));
    const out = tracker.end('r', [edit(3)], null);
    assert.deepEqual(changeSeqs(out), [3, 9]);
    assert.equal(tracker.lastChangeSeq('r'), 3);
    assert.equal(tracker.begin('r'), 3);
  });

  test('a counter behind ours (a restarted in-memory server) starts over', () => {
    const tracker = new ChangeTracker();
    tracker.known('r', 50);
    tracker.begin('r');
    assert.deepEqual(changeSeqs(tracker.end('r', [edit(1), edit(2)], 2)), [1, 2]);
    assert.equal(tracker.lastChangeSeq('r'), 2);
  });

  test('beginAll holds every tracked scope and the given ones until their end()', () => {
    const tracker = new ChangeTracker();
    tracker.known('a', 1);
    tracker.beginAll(['b']);
    assert.deepEqual(tracker.held().sort(), ['a', 'b']);
    assert.deepEqual(tracker.live('a', edit(2)), []);
    assert.deepEqual(changeSeqs(tracker.end('a', [], 2)), [2]);
    assert.deepEqual(tracker.held(), ['b']);
    assert.deepEqual(tracker.end('b', [], 0), []);
    assert.equal(tracker.lastChangeSeq('b'), 0);
  });

  test('known() is ignored while recovering; dropHeld() ends every recovery without output', () => {
    const tracker = new ChangeTracker();
    tracker.begin('r');
    tracker.known('r', 10);
    assert.equal(tracker.lastChangeSeq('r'), null);
    tracker.live('r', edit(1));
    tracker.dropHeld();
    assert.deepEqual(tracker.end('r', [], 5), []);
    assert.equal(tracker.lastChangeSeq('r'), null);
  });

  test('changeOfMessage: an edited message becomes message-edited, a tombstone message-deleted', () => {
    const edited = { id: 'm1', roomId: 'r', seq: 1, userId: 'bob', content: 'new', edited: true, deleted: false, editedAt: 7, changeSeq: 3 };
    assert.deepEqual(changeOfMessage(edited, { roomId: 'r' }), {
      kind: 'edited',
      event: { roomId: 'r', seq: 1, id: 'm1', content: 'new', editedAt: 7, editedBy: 'bob', changeSeq: 3, recovered: true },
    });
    const deleted = { id: 'm2', conversationId: 'dm:a:b', seq: 2, fromUserId: 'a', content: '', edited: false, deleted: true, changeSeq: 4 };
    assert.deepEqual(changeOfMessage(deleted, { conversationId: 'dm:a:b' }), {
      kind: 'deleted',
      event: { conversationId: 'dm:a:b', seq: 2, id: 'm2', deletedBy: null, changeSeq: 4, recovered: true },
    });
  });
});

const roomMessage = (seq, userId = 'bob', roomId = 'r') => ({ roomId, seq, userId, deleted: false });
const summary = (roomId, { lastSeq, readSeq, unread }) => ({ room: { id: roomId }, lastSeq, readSeq, unread });

describe('UnreadTracker', () => {
  test('rooms: the snapshot count, then others\' messages above it; own messages and replays are not counted', () => {
    const tracker = new UnreadTracker();
    assert.deepEqual(tracker.roomSummary(summary('r', { lastSeq: 10, readSeq: 7, unread: 2 })), [{ roomId: 'r', unread: 2 }]);
    assert.deepEqual(tracker.roomMessage(roomMessage(9), 'me'), []); // inside the snapshot: counted already
    assert.deepEqual(tracker.roomMessage(roomMessage(11), 'me'), [{ roomId: 'r', unread: 3 }]);
    assert.deepEqual(tracker.roomMessage(roomMessage(12, 'me'), 'me'), []);
    assert.deepEqual(tracker.roomMessage(roomMessage(11), 'me'), []); // a replay
    assert.equal(tracker.unread('r'), 3);
  });

  test('rooms: a read clears up to its seq; a read part-way leaves at most the rest of the snapshot', () => {
    const tracker = new UnreadTracker();
    tracker.roomSummary(summary('r', { lastSeq: 10, readSeq: 5, unread: 5 }));
    tracker.roomMessage(roomMessage(11), 'me');
    assert.deepEqual(tracker.roomRead('r', 8), [{ roomId: 'r', unread: 3 }]);
    assert.deepEqual(tracker.roomRead('r', 6), []); // never backwards
    assert.deepEqual(tracker.roomRead('r', 11), [{ roomId: 'r', unread: 0 }]);
  });

  test('rooms: deleting a message counted here takes it off; a new snapshot replaces everything', () => {
    const tracker = new UnreadTracker();
    tracker.roomMessage(roomMessage(1), 'me');
    tracker.roomMessage(roomMessage(2), 'me');
    assert.deepEqual(tracker.roomMessageDeleted('r', 1), [{ roomId: 'r', unread: 1 }]);
    assert.deepEqual(tracker.roomMessageDeleted('r', 1), []);
    assert.deepEqual(tracker.roomSummary(summary('r', { lastSeq: 2, readSeq: 2, unread: 0 })), [{ roomId: 'r', unread: 0 }]);
    assert.deepEqual(tracker.forgetRoom('r'), []);
  });

  test('conversations: lastSeq - readSeq; one\'s own message moves one\'s cursor', () => {
    const tracker = new UnreadTracker();
    const c = 'dm:bob:me';
    assert.deepEqual(tracker.conversationSummary({ conversationId: c, lastSeq: 4, unread: 2 }), [{ conversationId: c, unread: 2 }]);
    const pm = (seq, from) => ({ conversationId: c, seq, fromUserId: from, toUserId: from === 'me' ? 'bob' : 'me' });
    assert.deepEqual(tracker.privateMessage(pm(5, 'bob'), 'me'), [{ conversationId: c, unread: 3 }]);
    assert.deepEqual(tracker.privateMessage(pm(5, 'bob'), 'me'), []); // a replay
    assert.deepEqual(tracker.conversationRead(c, 4), [{ conversationId: c, unread: 1 }]);
    assert.deepEqual(tracker.privateMessage(pm(6, 'me'), 'me'), [{ conversationId: c, unread: 0 }]);
  });

  test('conversations not in the snapshot start with their first message unread', () => {
    const tracker = new UnreadTracker();
    const pm = { conversationId: 'dm:bob:me', seq: 40, fromUserId: 'bob', toUserId: 'me' };
    assert.deepEqual(tracker.privateMessage(pm, 'me'), [{ conversationId: 'dm:bob:me', unread: 1 }]);
  });
});

describe('conversationsBehind', async () => {
  const { conversationsBehind, fetchChanges } = await import('../src/change-recovery.js');

  test('picks the conversations whose listed counter is ahead, not never-changed or up-to-date ones', () => {
    const tracker = new ChangeTracker();
    tracker.known('dm:a:b', 2);
    tracker.known('dm:a:c', 5);
    const listed = [
      { conversationId: 'dm:a:b', withUser: { id: 'b' }, lastChangeSeq: 4 }, // behind
      { conversationId: 'dm:a:c', withUser: { id: 'c' }, lastChangeSeq: 5 }, // up to date
      { conversationId: 'dm:a:d', withUser: { id: 'd' }, lastChangeSeq: 0 }, // never changed
      { conversationId: 'dm:a:e', withUser: { id: 'e' }, lastChangeSeq: 3 }, // not the app's: no messages, no change seq
    ];
    const known = [{ conversationId: 'dm:a:d', withUserId: 'd' }, { conversationId: 'dm:a:f', withUserId: 'f' }]; // f: not listed
    assert.deepEqual(conversationsBehind(known, listed, tracker), [
      { conversationId: 'dm:a:f', withUserId: 'f', listedSeq: null },
      { conversationId: 'dm:a:b', withUserId: 'b', listedSeq: 4 },
    ]);
  });

  test('fetchChanges pages after the highest change seq while hasMore, and reports a failure with what it had', async () => {
    const asked = [];
    const pages = [
      { messages: [{ id: 'x', roomId: 'r', seq: 4, userId: 'u', content: 'c', deleted: false, changeSeq: 7 }], lastChangeSeq: 9, hasMore: true },
      { messages: [{ id: 'y', roomId: 'r', seq: 5, userId: 'u', content: '', deleted: true, changeSeq: 9 }], lastChangeSeq: 9, hasMore: false },
    ];
    const request = async (type, data) => { asked.push([type, data]); return pages.shift(); };
    const first = [{ id: 'w', roomId: 'r', seq: 1, userId: 'u', content: 'a', deleted: false, changeSeq: 3 }];
    const result = await fetchChanges(request, { scope: { roomId: 'r' }, from: 2, first, more: true, lastChangeSeq: 5 });
    assert.deepEqual(asked, [['get-changes', { roomId: 'r', sinceChangeSeq: 3, limit: 100 }], ['get-changes', { roomId: 'r', sinceChangeSeq: 7, limit: 100 }]]);
    assert.deepEqual(result.changes.map((c) => [c.kind, c.event.changeSeq]), [['edited', 3], ['edited', 7], ['deleted', 9]]);
    assert.deepEqual([result.lastChangeSeq, result.error], [9, null]);

    const failing = await fetchChanges(async () => { throw new Error('gone'); }, { scope: { withUserId: 'b' }, eventScope: { conversationId: 'dm:a:b' }, from: 4, more: true });
    assert.deepEqual([failing.changes, failing.error.message], [[], 'gone']);
  });
});
