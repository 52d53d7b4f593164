// The SDK's bookkeeping of direct conversations (no server needed).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationTracker, conversationIdOf } from '../src/conversation-tracker.js';

const ME = 'me';
const BOB = 'bob';
const WITH_BOB = conversationIdOf(ME, BOB);

/** A message of the conversation with Bob; `mine` ones are from me to him. */
const message = (seq, { mine = false, conversationId = WITH_BOB, other = BOB } = {}) => ({
  id: `m${seq}`,
  conversationId,
  seq,
  fromUserId: mine ? ME : other,
  fromUser: { id: mine ? ME : other, name: mine ? ME : other },
  toUserId: mine ? other : ME,
  content: `c${seq}`,
  type: 'text',
  timestamp: seq,
  edited: false,
  deleted: false,
});

const seqs = (messages) => messages.map((m) => m.seq);

describe('conversationIdOf', () => {
  test('orders the two ids ordinally and escapes % and :', () => {
    assert.equal(conversationIdOf('bob', 'alice'), 'dm:alice:bob');
    assert.equal(conversationIdOf('alice', 'bob'), 'dm:alice:bob');
    assert.equal(conversationIdOf('a:b', 'a%c'), 'dm:a%25c:a%3Ab');
    // Ordinal (UTF-16 code unit) order, as the server compares: 'Z' < 'a'.
    assert.equal(conversationIdOf('a', 'Z'), 'dm:Z:a');
  });
});

describe('ConversationTracker', () => {
  test('live messages are given once each, in order', () => {
    const tracker = new ConversationTracker();

    assert.deepEqual(seqs(tracker.live(message(1), ME).deliver), [1]);
    assert.deepEqual(seqs(tracker.live(message(2, { mine: true }), ME).deliver), [2]);
    assert.deepEqual(seqs(tracker.live(message(2), ME).deliver), []);
    assert.deepEqual(seqs(tracker.live(message(1), ME).deliver), []);
    assert.equal(tracker.lastSeq(WITH_BOB), 2);
    assert.equal(tracker.conversationWith(BOB), WITH_BOB);
  });

  test('the first message of an unknown conversation is taken whatever its seq', () => {
    const tracker = new ConversationTracker();

    const { deliver, catchUp } = tracker.live(message(12), ME);

    assert.deepEqual(seqs(deliver), [12]);
    assert.equal(catchUp, null);
  });

  test('a skipped seq holds what follows until history fills the gap', () => {
    const tracker = new ConversationTracker();
    tracker.live(message(1), ME);

    const gap = tracker.live(message(4), ME);
    assert.deepEqual(gap.deliver, []);
    assert.deepEqual(gap.catchUp, { conversationId: WITH_BOB, withUserId: BOB, afterSeq: 1 });
    assert.deepEqual(tracker.live(message(5), ME), { deliver: [], catchUp: null }); // held too

    const missed = tracker.endCatchUp(WITH_BOB, [message(2), message(3, { mine: true }), message(4)], 4);

    assert.deepEqual(seqs(missed), [2, 3, 4, 5]);
    assert.equal(tracker.lastSeq(WITH_BOB), 5);
    assert.deepEqual(seqs(tracker.live(message(6), ME).deliver), [6]);
    assert.equal(tracker.endCatchUp(WITH_BOB, [], 6), null); // not catching up any more
  });

  test('pending messages of an unknown conversation start it at its first unread one, in seq order', () => {
    const tracker = new ConversationTracker();
    const withCarol = conversationIdOf(ME, 'carol');

    // Ascending by timestamp across conversations; 1 to 4 of the conversation with Bob were read.
    const { deliver, catchUp } = tracker.pending(
      [message(5), message(2, { conversationId: withCarol, other: 'carol' }), message(7), message(6)], ME);

    assert.deepEqual(deliver.map((m) => [m.conversationId, m.seq]), [[WITH_BOB, 5], [WITH_BOB, 6], [WITH_BOB, 7], [withCarol, 2]]);
    assert.deepEqual(catchUp, []);
    assert.equal(tracker.lastSeq(WITH_BOB), 7);
    assert.equal(tracker.conversationWith('carol'), withCarol);
  });

  test('pending messages of a known conversation drop duplicates and catch up on a gap', () => {
    const tracker = new ConversationTracker();
    tracker.live(message(3), ME);

    const { deliver, catchUp } = tracker.pending([message(3), message(4), message(6)], ME);

    assert.deepEqual(seqs(deliver), [4]);
    assert.deepEqual(catchUp, [{ conversationId: WITH_BOB, withUserId: BOB, afterSeq: 4 }]);
    assert.deepEqual(seqs(tracker.endCatchUp(WITH_BOB, [message(5, { mine: true }), message(6)], 6)), [5, 6]);
  });

  test('recovery after a reconnect merges fetched history with what arrived meanwhile, each seq once', () => {
    const tracker = new ConversationTracker();
    tracker.live(message(2), ME);
    tracker.live(message(1, { conversationId: 'dm:me:zed', other: 'zed' }), ME);

    assert.deepEqual(tracker.beginRecovery(), [
      { conversationId: WITH_BOB, withUserId: BOB, afterSeq: 2 },
      { conversationId: 'dm:me:zed', withUserId: 'zed', afterSeq: 1 },
    ]);
    // Live and pending messages before the history ack: held.
    assert.deepEqual(tracker.live(message(5), ME).deliver, []);
    assert.deepEqual(tracker.pending([message(4), message(5)], ME).deliver, []);
    const missed = tracker.endCatchUp(WITH_BOB, [message(3, { mine: true }), message(4), message(5)], 5);

    assert.deepEqual(seqs(missed), [3, 4, 5]);
    assert.deepEqual(tracker.endCatchUp('dm:me:zed', [], 1), []);
  });

  test('a dropped recovery keeps the seq, so the next one fetches the held messages again', () => {
    const tracker = new ConversationTracker();
    tracker.live(message(1), ME);
    tracker.beginRecovery();
    tracker.live(message(2), ME);

    tracker.dropHeld();

    assert.equal(tracker.lastSeq(WITH_BOB), 1);
    assert.deepEqual(tracker.beginRecovery(), [{ conversationId: WITH_BOB, withUserId: BOB, afterSeq: 1 }]);
  });

  test('conversations with no seq given yet are not recovered', () => {
    const tracker = new ConversationTracker();

    assert.deepEqual(tracker.beginRecovery(), []);
  });

  test('the newest history page sets the seq, except while catching up', () => {
    const tracker = new ConversationTracker();
    tracker.historyLoaded(WITH_BOB, BOB, 9);
    assert.equal(tracker.lastSeq(WITH_BOB), 9);
    assert.deepEqual(tracker.live(message(9), ME).deliver, []);

    tracker.beginRecovery();
    tracker.historyLoaded(WITH_BOB, BOB, 20);
    assert.equal(tracker.lastSeq(WITH_BOB), 9);
  });

  test('a sent message tracks a new conversation from the seq before it', () => {
    const tracker = new ConversationTracker();

    tracker.sent(WITH_BOB, BOB, 4);
    assert.equal(tracker.lastSeq(WITH_BOB), 3);
    tracker.sent(WITH_BOB, BOB, 5); // known already: the event moves it on
    assert.equal(tracker.lastSeq(WITH_BOB), 3);
    assert.deepEqual(seqs(tracker.live(message(4, { mine: true }), ME).deliver), [4]);
  });

  test("the other user's earlier messages still arrive once after the ack of my first message overtook them", () => {
    const tracker = new ConversationTracker();

    // Bob wrote seq 1; my reply's ack (seq 2) reaches me before Bob's live event does.
    tracker.sent(WITH_BOB, BOB, 2);
    assert.deepEqual(seqs(tracker.live(message(2, { mine: true }), ME).deliver), [2]);
    assert.deepEqual(seqs(tracker.live(message(1), ME).deliver), [1]);
    assert.deepEqual(seqs(tracker.live(message(1), ME).deliver), [], 'once');
    assert.equal(tracker.lastSeq(WITH_BOB), 2);

    // After a reconnect's catch-up, what lies below is old history, not a late live event.
    tracker.beginRecovery();
    assert.deepEqual(seqs(tracker.endCatchUp(WITH_BOB, [], 2)), []);
    tracker.sent(conversationIdOf(ME, 'carol'), 'carol', 3);
    assert.deepEqual(seqs(tracker.live(message(1), ME).deliver), []);
  });

  test('a conversation whose numbering restarted on the server is followed from its new seqs', () => {
    const tracker = new ConversationTracker();
    tracker.live(message(40), ME);
    tracker.beginRecovery();
    tracker.live(message(3), ME);

    assert.deepEqual(seqs(tracker.endCatchUp(WITH_BOB, [message(1), message(2)], 3)), [1, 2, 3]);
    assert.deepEqual(seqs(tracker.live(message(4), ME).deliver), [4]);
  });

  test('a failed catch-up gives the held messages and keeps following', () => {
    const tracker = new ConversationTracker();
    tracker.live(message(1), ME);
    tracker.live(message(3), ME);

    assert.deepEqual(seqs(tracker.endCatchUp(WITH_BOB, [], null)), [3]);
    assert.deepEqual(seqs(tracker.live(message(4), ME).deliver), [4]);
  });
});
