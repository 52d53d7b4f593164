// Room settings for owners and admins: rename, topic (update-room), promote / demote (set-role, owner
// only) and kick. The server checks every one of these again (docs/PROTOCOL.md "Room moderation").
import { $, el, toast } from './dom.js';
import { app, canModerate, myRole, roleOf, viewed } from './state.js';
import { onRoomUpdated } from './rooms.js';

const openRoom = () => (viewed()?.kind === 'room' ? viewed() : null);

$('room-settings-toggle').addEventListener('click', () => {
  app.settingsOpen = !app.settingsOpen;
  if (app.settingsOpen) fillForm(openRoom(), true);
  renderSettings();
});

$('room-settings-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const room = openRoom();
  if (!room) return;
  const name = $('room-name').value.trim();
  const topic = $('room-topic-input').value.trim();
  const changes = {};
  if (name && name !== (room.info?.name ?? room.id)) changes.name = name;
  if (topic !== (room.info?.topic ?? '')) changes.topic = topic;
  if (!Object.keys(changes).length) return toast('Nothing to change');
  try {
    const { room: info } = await app.client.updateRoom(room.id, changes);
    onRoomUpdated({ room: info }); // the room-updated event brings the same to the other members
    toast('Room updated');
  } catch (err) {
    toast(`Update: ${err.message}`);
  }
  fillForm(room, true);
});

/** The form shows the room's name and topic; a field being typed in is left alone unless forced. */
function fillForm(room, force) {
  if (!room) return;
  for (const [id, value] of [['room-name', room.info?.name ?? room.id], ['room-topic-input', room.info?.topic ?? '']]) {
    if (force || document.activeElement !== $(id)) $(id).value = value;
  }
}

async function act(what, call) {
  try {
    await call();
  } catch (err) {
    toast(`${what}: ${err.message}`);
  }
}

function button(testId, label, onClick) {
  const b = el('button', { type: 'button', class: 'small', 'data-testid': testId }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** What this user may do to `member`: the same rules as the room grain's. */
function memberActions(room, member) {
  const mine = myRole(room);
  const role = roleOf(room, member.userId);
  const actions = [];
  if (member.userId === app.me.userId || role === 'owner') return actions;
  if (mine === 'owner') {
    actions.push(role === 'admin'
      ? button('member-demote', 'Make member', () => act('Role', () => app.client.setRole(room.id, member.userId, 'member')))
      : button('member-promote', 'Make admin', () => act('Role', () => app.client.setRole(room.id, member.userId, 'admin'))));
  }
  if (mine === 'owner' || (mine === 'admin' && role === 'member')) {
    actions.push(button('member-kick', 'Kick', () => act('Kick', () => app.client.kick(room.id, member.userId))));
  }
  return actions;
}

export function renderSettings() {
  const room = openRoom();
  const allowed = room != null && canModerate(room);
  $('room-settings-toggle').hidden = !allowed;
  if (!allowed) app.settingsOpen = false;
  $('room-settings').hidden = !app.settingsOpen;
  if (!app.settingsOpen) return;
  fillForm(room, false);
  const members = [...room.members.values()].sort((a, b) => a.name.localeCompare(b.name));
  $('settings-members').replaceChildren(...members.map((m) => el('li', { 'data-testid': 'settings-member', 'data-user-id': m.userId, 'data-role': roleOf(room, m.userId) },
    el('span', { class: 'label' }, `${m.name} (${roleOf(room, m.userId)})`),
    ...memberActions(room, m))));
}
