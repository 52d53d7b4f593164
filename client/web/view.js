// Which room or conversation is on screen, and drawing the page around it.
import { $, plural } from './dom.js';
import { app, dm, isViewing } from './state.js';
import { markConversationRead, markRoomRead } from './read-state.js';
import { loadConversation, renderDms } from './conversations.js';
import { renderRooms } from './rooms.js';
import { renderMessages } from './messages.js';
import { renderTyping, stopTyping } from './composer.js';
import { renderMembers } from './members.js';
import { renderSettings } from './room-settings.js';
import { renderAttach } from './files.js';
import { renderCallButtons } from './calls.js';

export function openView(kind, id) {
  if (!isViewing(kind, id)) {
    stopTyping();
    app.editing = null;
    app.settingsOpen = false;
  }
  app.view = { kind, id };
  sessionStorage.setItem('orleans-chat-view', JSON.stringify(app.view));
  if (kind === 'room') {
    const room = app.rooms.get(id);
    if (room) markRoomRead(room);
  } else {
    const conversation = dm(id);
    loadConversation(conversation);
    markConversationRead(conversation);
  }
  renderAll('bottom');
  $('composer-input').focus();
}

/** After a page reload: the room or conversation that was open. */
export function restoreView() {
  try {
    const view = JSON.parse(sessionStorage.getItem('orleans-chat-view') ?? 'null');
    if (view?.kind === 'dm' || (view?.kind === 'room' && app.rooms.has(view.id))) openView(view.kind, view.id);
  } catch {
    sessionStorage.removeItem('orleans-chat-view');
  }
}

export function renderAll(scroll) {
  if (app.view?.kind === 'room' && !app.rooms.has(app.view.id)) app.view = null;
  renderRooms();
  renderDms();
  renderHeader();
  renderMessages(scroll);
  renderTyping();
  renderMembers();
  renderSettings();
  $('my-dot').dataset.status = app.presence.get(app.me?.userId) ?? 'online';
}

/** The open room's header, members and settings, after its membership or info changed. */
export function renderRoomPanels(roomId) {
  if (!isViewing('room', roomId)) return;
  renderHeader();
  renderMembers();
  renderSettings();
}

export function renderConnection(state) {
  const label = { connecting: 'connecting…', connected: 'connected', reconnecting: 'reconnecting…', disconnected: 'offline' }[state];
  $('connection').textContent = label;
  $('connection').dataset.state = state;
  $('reconnecting').hidden = state !== 'reconnecting';
}

export function renderHeader() {
  const room = app.view?.kind === 'room' ? app.rooms.get(app.view.id) : null;
  const conversation = app.view?.kind === 'dm' ? app.dms.get(app.view.id) : null;
  $('title').textContent = room ? `# ${room.info?.name ?? room.id}` : conversation ? `@ ${conversation.name}` : 'Pick or join a room';
  $('subtitle').textContent = room
    ? `${room.info?.visibility ?? 'public'} · ${plural(room.members.size, 'member')}`
    : conversation ? 'direct message' : '';
  $('topic').textContent = room?.info?.topic ?? '';
  $('composer-input').disabled = !app.view;
  $('composer').querySelector('button').disabled = !app.view;
  renderAttach();
  renderCallButtons();
}
