// The message list of the open room or conversation: rendering, inline edit, delete, and the
// message-edited / message-deleted events (docs/PROTOCOL.md "Message changes, read state, room list").
import { $, el, toast } from './dom.js';
import { app, authorOf, canModerate, requestTarget, targetOfEvent, viewed } from './state.js';
import { seenBy } from './read-state.js';
import { hasOlder, renderRooms } from './rooms.js';
import { renderDms } from './conversations.js';
import { isEditable, messageBody } from './message-body.js';

/** A message's current state (a join's `changes`, a recovery): replaces the stored one unless that is newer. */
export function applyChange(target, message) {
  const known = target.messages.get(message.seq);
  if (!known || (known.changeSeq ?? 0) > (message.changeSeq ?? 0)) return;
  target.messages.set(message.seq, message);
}

export const onMessageEdited = (event) => applyEdited(targetOfEvent(event), event);

export const onMessageDeleted = (event) => applyDeleted(targetOfEvent(event), event);

function applyEdited(target, event) {
  const known = target?.messages.get(event.seq);
  if (!known || (known.changeSeq ?? 0) >= event.changeSeq) return;
  target.messages.set(event.seq, { ...known, content: event.content, edited: true, editedAt: event.editedAt, changeSeq: event.changeSeq });
  rerender(target);
}

function applyDeleted(target, event) {
  const known = target?.messages.get(event.seq);
  if (!known || (known.changeSeq ?? 0) >= event.changeSeq) return;
  target.messages.set(event.seq, { ...known, content: '', deleted: true, changeSeq: event.changeSeq });
  if (app.editing?.seq === event.seq && isTarget(app.editing, target)) app.editing = null;
  rerender(target);
}

const isTarget = (ref, target) => ref.kind === target.kind && ref.id === (target.kind === 'room' ? target.id : target.userId);

function rerender(target) {
  if (viewed() === target) renderMessages();
  if (target.kind === 'room') renderRooms(); else renderDms();
}

// --- actions ---

function startEdit(target, message) {
  app.editing = { kind: target.kind, id: target.kind === 'room' ? target.id : target.userId, seq: message.seq, draft: message.content };
  renderMessages();
  const input = $('message-list').querySelector('[data-testid=edit-input]');
  input?.focus();
  input?.select();
}

async function saveEdit(target, message) {
  const content = app.editing?.draft?.trim();
  app.editing = null;
  if (!content || content === message.content) return renderMessages();
  try {
    const ack = await app.client.editMessage(requestTarget(target), message.seq, content);
    applyEdited(target, { seq: message.seq, content, editedAt: ack.editedAt, changeSeq: ack.changeSeq });
  } catch (err) {
    toast(`Edit: ${err.message}`);
  }
  renderMessages();
}

async function remove(target, message) {
  try {
    const ack = await app.client.deleteMessage(requestTarget(target), message.seq);
    applyDeleted(target, { seq: message.seq, changeSeq: ack.changeSeq });
  } catch (err) {
    toast(`Delete: ${err.message}`);
  }
}

// --- rendering ---

function actionButton(testId, label, onClick) {
  const button = el('button', { type: 'button', class: 'link action', 'data-testid': testId }, label);
  button.addEventListener('click', onClick);
  return button;
}

function editor(target, message) {
  const input = el('input', { class: 'edit-input', 'data-testid': 'edit-input', maxlength: '4000', 'aria-label': 'Edit message' });
  input.value = app.editing.draft;
  input.addEventListener('input', () => { if (app.editing) app.editing.draft = input.value; });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); saveEdit(target, message); }
    if (event.key === 'Escape') { app.editing = null; renderMessages(); }
  });
  return el('div', { class: 'row edit' }, input,
    actionButton('edit-save', 'Save', () => saveEdit(target, message)),
    actionButton('edit-cancel', 'Cancel', () => { app.editing = null; renderMessages(); }));
}

function messageItem(target, message, { pending } = {}) {
  const mine = authorOf(message) === app.me.userId;
  const li = el('li', {
    class: `message${mine ? ' mine' : ''}${message.type === 'call' ? ' call' : ''}${pending ? ' pending' : ''}${message.deleted ? ' deleted' : ''}`,
    'data-testid': 'message',
    ...(message.seq ? { 'data-seq': String(message.seq) } : {}),
    'data-user-id': authorOf(message),
  });
  const author = message.user?.name ?? message.fromUser?.name ?? authorOf(message);
  const time = pending ? 'sending…' : new Date(message.timestamp).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const meta = el('div', { class: 'meta' }, el('span', { class: 'author' }, author), el('time', {}, time));
  if (message.edited && !message.deleted) meta.append(el('span', { class: 'edited', 'data-testid': 'edited' }, '(edited)'));
  li.append(meta);

  if (target && app.editing && isTarget(app.editing, target) && app.editing.seq === message.seq && !message.deleted) {
    li.append(editor(target, message));
    return li;
  }
  li.append(messageBody(message));
  if (!pending && !message.deleted && target) {
    const actions = el('div', { class: 'actions' });
    if (mine && isEditable(message)) actions.append(actionButton('message-edit', 'Edit', () => startEdit(target, message)));
    if (mine || (target.kind === 'room' && canModerate(target))) actions.append(actionButton('message-delete', 'Delete', () => remove(target, message)));
    if (actions.childElementCount) li.append(actions);
  }
  return li;
}

/** Re-renders the message list; scroll: 'bottom', 'older' (keep the view while prepending) or follow if at the bottom. */
export function renderMessages(scroll) {
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const fromBottom = box.scrollHeight - box.scrollTop;
  const target = viewed();
  const editorFocused = document.activeElement?.dataset?.testid === 'edit-input';
  const items = [];
  if (target) {
    const messages = [...target.messages.values()].sort((a, b) => a.seq - b.seq);
    for (const m of messages) items.push(messageItem(target, m));
    const names = messages.length ? seenBy(target, messages.at(-1)) : [];
    if (names.length) items.push(el('li', { class: 'seen-by', 'data-testid': 'seen-by' }, target.kind === 'room' ? `Seen by ${names.join(', ')}` : 'Seen'));
    for (const [clientMsgId, pending] of target.pending) {
      if (isDelivered(target, pending)) target.pending.delete(clientMsgId);
      else items.push(messageItem(null, { userId: app.me.userId, user: app.me, content: pending.content }, { pending: true }));
    }
  }
  $('message-list').replaceChildren(...items);
  if (editorFocused) $('message-list').querySelector('[data-testid=edit-input]')?.focus();
  $('load-older').hidden = !target || !hasOlder(target);
  if (scroll === 'older') box.scrollTop = box.scrollHeight - fromBottom;
  else if (scroll === 'bottom' || atBottom) box.scrollTop = box.scrollHeight;
}

/** A sent message is shown as pending until it arrives; events carry no clientMsgId, so before the ack match by content. */
function isDelivered(target, pending) {
  if (pending.seq) return target.messages.has(pending.seq);
  for (const m of target.messages.values()) {
    if (m.seq > pending.afterSeq && authorOf(m) === app.me.userId && m.content === pending.content) return true;
  }
  return false;
}
