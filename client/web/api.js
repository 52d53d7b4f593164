// The SDK calls of the page's message-change, read-state and moderation features, in one place.
// target: { roomId } or { withUserId } (docs/PROTOCOL.md "Message changes, read state, room list").
import { app } from './state.js';

export const editMessage = (target, seq, content) => app.client.editMessage({ ...target, seq, content });

export const deleteMessage = (target, seq) => app.client.deleteMessage({ ...target, seq });

export const markRead = (target, seq) => app.client.markRead({ ...target, seq });

export const getRooms = () => app.client.getRooms();

export const setRole = (roomId, userId, role) => app.client.setRole(roomId, userId, role);

export const kick = (roomId, userId) => app.client.kick(roomId, userId);

export const updateRoom = (roomId, changes) => app.client.updateRoom({ roomId, ...changes });
