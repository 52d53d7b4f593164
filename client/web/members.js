// The member list of the open room (with roles and presence), or the other user of a conversation.
import { $, listItem } from './dom.js';
import { app, dm, roleOf } from './state.js';
import { openView, renderRoomPanels } from './view.js';

const ROLE_LABEL = { owner: ' · owner', admin: ' · admin' };

export function renderMembers() {
  let members = [];
  if (app.view?.kind === 'room') members = [...(app.rooms.get(app.view.id)?.members.values() ?? [])];
  else if (app.view?.kind === 'dm') members = [{ userId: app.view.id, name: app.dms.get(app.view.id)?.name ?? app.view.id }];
  const room = app.view?.kind === 'room' ? app.rooms.get(app.view.id) : null;
  const items = members.sort((a, b) => a.name.localeCompare(b.name)).map((m) => {
    const status = app.presence.get(m.userId) ?? 'offline';
    const role = room ? roleOf(room, m.userId) : 'member';
    const label = `${m.userId === app.me.userId ? `${m.name} (you)` : m.name}${ROLE_LABEL[role] ?? ''}`;
    const li = listItem('member', { 'data-user-id': m.userId, 'data-status': status, 'data-role': role, title: status }, label, 0, status);
    if (m.userId !== app.me.userId) {
      li.classList.add('clickable');
      li.addEventListener('click', () => { dm(m.userId, m.name); openView('dm', m.userId); });
    }
    return li;
  });
  $('member-list').replaceChildren(...items);
}

export function onUserJoined({ roomId, userId, user }) {
  const room = app.rooms.get(roomId);
  if (!room) return;
  room.members.set(userId, { userId, name: user?.name ?? userId, role: 'member' }); // a new member has no other role
  if (!app.presence.has(userId)) app.presence.set(userId, 'online');
  renderRoomPanels(roomId);
}

export function onUserLeft({ roomId, userId }) {
  app.rooms.get(roomId)?.members.delete(userId);
  renderRoomPanels(roomId);
}
