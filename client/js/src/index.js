export { ChatClient } from './chat-client.js';
export { ChatError } from './errors.js';
export { conversationIdOf } from './conversation-tracker.js';
export { uploadFileOverSocketIo } from './uploads.js';
export { PeerCall } from './peer-call.js';
