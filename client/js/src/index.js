export { ChatClient } from './chat-client.js';
export { ChatError } from './errors.js';
export { conversationIdOf } from './conversation-tracker.js';
