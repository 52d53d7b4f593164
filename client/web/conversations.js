// Direct conversations (durable: get-conversations / connected.sidebar, get-private-history, mark-read).
import { $, listItem, toast } from './dom.js';
import { app, dm, isViewing, unreadOf } from './state.js';
import { markConversationRead } from './read-state.js';
import { hasOlder, oldestSeq } from './rooms.js';
import { openView } from './view.js';
import { renderMessages } from './messages.js';

const HISTORY_PAGE = 30;

/** Conversation summaries ({conversationId, withUser, lastSeq, lastMessage, unread}) from connected.sidebar. */
export function applyConversationSummaries(conversations) {
  for (const summary of conversations ?? []) {
    const conversation = dm(summary.withUser.id, summary.withUser.name);
    conversation.lastSeq = Math.max(conversation.lastSeq, summary.lastSeq);
    conversation.readSeq = Math.max(summary.lastSeq - summary.unread, conversation.markedSeq);
    conversation.markedSeq = Math.max(conversation.markedSeq, conversation.readSeq);
    conversation.lastActivity = Math.max(conversation.lastActivity, summary.lastMessage?.timestamp ?? 0);
  }
  renderDms();
  if (app.view?.kind === 'dm') markConversationRead(dm(app.view.id));
}

export function addPrivateMessage(message) {
  const fromMe = message.fromUserId === app.me.userId;
  const conversation = fromMe ? dm(message.toUserId) : dm(message.fromUserId, message.fromUser?.name);
  addPrivateMessages(conversation, [message]);
  // A conversation first met through this message: what came before it counts as read; the user's own messages are read.
  if (conversation.readSeq == null) conversation.readSeq = message.seq - 1;
  if (fromMe) conversation.readSeq = Math.max(conversation.readSeq, message.seq);
  renderDms();
  if (isViewing('dm', conversation.userId)) {
    renderMessages();
    markConversationRead(conversation);
  }
}

function addPrivateMessages(conversation, messages) {
  for (const message of messages) {
    const known = conversation.messages.get(message.seq);
    if (known?.changeSeq > (message.changeSeq ?? 0)) continue; // an older state of a message changed since
    conversation.messages.set(message.seq, message);
    conversation.lastSeq = Math.max(conversation.lastSeq, message.seq);
    conversation.lastActivity = Math.max(conversation.lastActivity, message.timestamp);
  }
}

/** The newest page of the conversation, once per page load; older pages on scroll. */
export async function loadConversation(conversation) {
  if (conversation.loaded) return;
  conversation.loaded = true;
  try {
    const { messages, lastSeq } = await app.client.getPrivateHistory(conversation.userId, { limit: HISTORY_PAGE });
    addPrivateMessages(conversation, messages);
    conversation.lastSeq = Math.max(conversation.lastSeq, lastSeq);
    conversation.noOlder = messages.length < HISTORY_PAGE;
    if (isViewing('dm', conversation.userId)) {
      renderMessages('bottom');
      markConversationRead(conversation);
    }
  } catch (err) {
    conversation.loaded = false;
    toast(`${conversation.name}: ${err.message}`);
  }
}

export async function loadOlderPrivate(conversation) {
  if (conversation.loadingOlder || !hasOlder(conversation)) return;
  conversation.loadingOlder = true;
  try {
    const { messages } = await app.client.getPrivateHistory(conversation.userId, { beforeSeq: oldestSeq(conversation), limit: HISTORY_PAGE });
    addPrivateMessages(conversation, messages);
    conversation.noOlder = messages.length < HISTORY_PAGE;
    if (isViewing('dm', conversation.userId)) renderMessages('older');
  } catch (err) {
    toast(err.message);
  } finally {
    conversation.loadingOlder = false;
  }
}

$('dm-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const userId = $('dm-user').value.trim();
  if (!userId) return;
  dm(userId);
  $('dm-form').reset();
  openView('dm', userId);
});

export function renderDms() {
  const recentFirst = (a, b) => b.lastActivity - a.lastActivity || a.name.localeCompare(b.name);
  const items = [...app.dms.values()].sort(recentFirst).map((c) => {
    const li = listItem('dm-item', { 'data-user-id': c.userId }, c.name, unreadOf(c), app.presence.get(c.userId) ?? 'offline');
    li.classList.toggle('active', isViewing('dm', c.userId));
    li.addEventListener('click', () => openView('dm', c.userId));
    return li;
  });
  $('dms').replaceChildren(...items);
}
