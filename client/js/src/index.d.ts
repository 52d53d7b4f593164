/** Types of the Orleans.Chat JavaScript client (native WebSocket protocol, docs/PROTOCOL.md). */

export type PresenceStatus = 'online' | 'away' | 'busy' | 'offline';
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface UserRef { id: string; name: string }
export interface Member { userId: string; name: string; status: PresenceStatus }
export interface RoomInfo { id: string; name: string | null; visibility: 'public' | 'private'; ownerId: string | null }

export interface ChatMessage {
  id: string;
  roomId: string;
  seq: number;
  userId: string;
  user: UserRef;
  content: string;
  type: string;
  /** Unix ms */
  timestamp: number;
  edited: boolean;
  deleted: boolean;
}

/** A message of a direct conversation; seq numbers the conversation's messages 1, 2, 3, ... */
export interface PrivateMessage {
  id: string;
  /** the same for both users: "dm:" + esc(a) + ":" + esc(b), see conversationIdOf */
  conversationId: string;
  seq: number;
  fromUserId: string;
  fromUser: UserRef;
  toUserId: string;
  content: string;
  type: string;
  /** Unix ms */
  timestamp: number;
  edited: boolean;
  deleted: boolean;
}

/** One entry of get-conversations. unread = lastSeq - the user's read cursor. */
export interface ConversationSummary {
  conversationId: string;
  withUser: UserRef;
  lastSeq: number;
  lastMessage: PrivateMessage | null;
  unread: number;
}

export interface ConnectedEvent { sessionId: string; userId: string; serverTime: number; rooms: string[] }

export interface SuccessAck { success: true }
export interface JoinRoomAck extends SuccessAck {
  room: RoomInfo;
  members: Member[];
  recentMessages: ChatMessage[];
  lastSeq: number;
  recovered?: boolean;
}
export interface CreateRoomAck extends SuccessAck { room: RoomInfo }
export interface MessageAck extends SuccessAck { messageId: string; seq: number; timestamp: number }
export interface PrivateMessageAck extends SuccessAck {
  messageId: string;
  conversationId: string;
  seq: number;
  timestamp: number;
  /** the recipient had a live connection; either way the message is stored */
  delivered: boolean;
}
export interface HistoryAck extends SuccessAck { messages: ChatMessage[] }
export interface ConversationsAck extends SuccessAck { conversations: ConversationSummary[] }
export interface PrivateHistoryAck extends SuccessAck { conversationId: string; lastSeq: number; messages: PrivateMessage[] }

export interface ConversationRecovery {
  conversationId: string;
  withUserId: string;
  /** false when fetching the history failed */
  recovered: boolean;
  /** messages the recovery emitted as private-message */
  missed: number;
  error?: ChatError;
}

export interface RoomRecovery {
  roomId: string;
  /** false when messages were lost to retention or the re-join failed */
  recovered: boolean;
  /** messages the recovery emitted: missed while away, plus live ones that raced the re-join */
  missed: number;
  /** from the re-join's ack (absent when it failed): current room info and members with their presence */
  room?: RoomInfo;
  members?: Member[];
  error?: ChatError;
}

export interface ChatEvents {
  connected: ConnectedEvent;
  /** the server's list of the user's unread private messages (also emitted one by one as private-message, once each) */
  'pending-messages': PrivateMessage[];
  'new-message': ChatMessage;
  'user-joined': { userId: string; user: UserRef; roomId: string };
  'user-left': { userId: string; roomId: string };
  'user-typing': { userId: string; user: UserRef; roomId: string };
  'user-stopped-typing': { userId: string; roomId: string };
  'presence-update': { userId: string; status: PresenceStatus; timestamp: number };
  /** each (conversationId, seq) once, in seq order per conversation: live, pending or recovered; the user's own messages too */
  'private-message': PrivateMessage;
  error: { error: string; code: string };
  pong: { timestamp: number };
  /** the connection's token expires at expiresAt (Unix ms); the client refreshes it through getToken by itself */
  'token-expiring': { expiresAt: number };
  /** client side: the server took a new token from getToken without a reconnect (expiresAt: Unix ms, null without exp) */
  'token-refreshed': { expiresAt: number | null };
  /** client side: the connection state changed */
  state: ConnectionState;
  /** client side: after a reconnect, every room was re-joined, every known conversation caught up, and what they missed emitted */
  recovered: { rooms: RoomRecovery[]; conversations: ConversationRecovery[] };
}

export interface ReconnectOptions {
  /** reconnect attempts after a drop before giving up (default Infinity) */
  attempts?: number;
  /** first delay (default 250) */
  minDelayMs?: number;
  /** largest delay (default 10000) */
  maxDelayMs?: number;
  /** 0..1: fraction of each delay that is randomised away (default 0.5) */
  jitter?: number;
}

export interface ChatClientOptions {
  /** ws(s):// or http(s):// URL of /ws; relative URLs resolve against location in browsers */
  url: string;
  token?: string;
  /** called before every connection attempt and on token-expiring (for refresh-token); takes precedence over token */
  getToken?: () => string | Promise<string>;
  /** WebSocket constructor (default globalThis.WebSocket; in Node 20 pass the ws package's) */
  WebSocket?: unknown;
  reconnect?: ReconnectOptions;
  /** how long a written request waits for its ack (default 15000) */
  ackTimeoutMs?: number;
}

/** The conversationId the server gives the two users' conversation (prefer the one in its payloads). */
export function conversationIdOf(userA: string, userB: string): string;

/** An error ack ({error, code}) or a client failure: timeout, disconnected, closed, connect_failed. */
export class ChatError extends Error {
  constructor(code: string, message: string);
  code: string;
}

export class ChatClient {
  constructor(options: ChatClientOptions);
  readonly state: ConnectionState;
  readonly session: ConnectedEvent | null;
  /** the underlying WebSocket, for diagnostics and tests */
  readonly socket: any;
  /** highest seq of the room given to the app, or null when unknown */
  lastSeq(roomId: string): number | null;
  /** highest seq of the direct conversation given to the app, or null when unknown */
  lastConversationSeq(conversationId: string): number | null;

  on<E extends keyof ChatEvents>(event: E, handler: (payload: ChatEvents[E]) => void): () => void;
  off<E extends keyof ChatEvents>(event: E, handler: (payload: ChatEvents[E]) => void): void;

  connect(): Promise<ConnectedEvent>;
  close(): void;

  joinRoom(roomId: string, options?: { sinceSeq?: number }): Promise<JoinRoomAck>;
  leaveRoom(roomId: string): Promise<SuccessAck>;
  createRoom(options: { roomId: string; name?: string; visibility?: 'public' | 'private'; members?: string[] }): Promise<CreateRoomAck>;
  invite(roomId: string, userId: string): Promise<SuccessAck>;
  sendMessage(roomId: string, content: string, options?: { type?: string; clientMsgId?: string }): Promise<MessageAck>;
  typing(roomId: string): Promise<SuccessAck>;
  stopTyping(roomId: string): Promise<SuccessAck>;
  updateStatus(status: 'online' | 'away' | 'busy'): Promise<SuccessAck>;
  getHistory(roomId: string, options?: { beforeSeq?: number; afterSeq?: number; limit?: number }): Promise<HistoryAck>;
  ping(): Promise<SuccessAck>;

  sendPrivateMessage(targetUserId: string, content: string, options?: { type?: string; clientMsgId?: string }): Promise<PrivateMessageAck>;
  getConversations(options?: { limit?: number }): Promise<ConversationsAck>;
  getPrivateHistory(withUserId: string, options?: { beforeSeq?: number; afterSeq?: number; limit?: number }): Promise<PrivateHistoryAck>;
  /** seq defaults to the last one of the conversation given to the app */
  markConversationRead(withUserId: string, seq?: number): Promise<SuccessAck>;
}
