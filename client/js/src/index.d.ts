/** Types of the Orleans.Chat JavaScript client (native WebSocket protocol, docs/PROTOCOL.md). */

export type PresenceStatus = 'online' | 'away' | 'busy' | 'offline';
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface UserRef { id: string; name: string }
export type RoomRole = 'owner' | 'admin' | 'member';
export interface Member { userId: string; name: string; status: PresenceStatus; role: RoomRole }
export interface RoomInfo { id: string; name: string | null; visibility: 'public' | 'private'; ownerId: string | null; topic: string }

/** Where edit/delete/mark-read/get-changes apply: a room (its id, or { roomId }) or the direct conversation with a user. */
export type MessageScope = string | { roomId: string } | { withUserId: string };

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
  /** a tombstone: content is "" */
  deleted: boolean;
  /** Unix ms of the last edit; absent when never edited */
  editedAt?: number;
  /** the room's change counter at the message's last edit or delete; absent when never changed */
  changeSeq?: number;
  /** on messages of type `file` (content is the name); absent once deleted */
  file?: FileRef;
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
  editedAt?: number;
  /** the conversation's change counter at the message's last edit or delete */
  changeSeq?: number;
  /** on messages of type `file` */
  file?: FileRef;
  /** on messages of type `call` (from the caller) */
  call?: CallRecord;
}

/** A shared file; url is the gateway path /files/{id} (see ChatClient.fileUrl / downloadFile). */
export interface FileRef { id: string; name: string; size: number; mimeType: string; url: string }

export type CallMedia = 'audio' | 'video';
export type CallEndReason = 'rejected' | 'ended' | 'no-answer' | 'busy' | 'disconnected' | 'answered-elsewhere';

/** A finished call, recorded in the conversation. */
export interface CallRecord { callId: string; media: CallMedia; outcome: 'completed' | 'missed' | 'rejected'; reason: CallEndReason; durationMs: number }

export interface SessionDescription { type: string; sdp: string }
export interface IncomingCallEvent { callId: string; from: UserRef; media: CallMedia; offer: SessionDescription }
export interface CallAnsweredEvent { callId: string; answer: SessionDescription }
export interface IceCandidateEvent { callId: string; candidate: unknown }
export interface CallEndedEvent { callId: string; reason: CallEndReason }
export interface IceServersResponse { iceServers: { urls: string | string[]; username?: string; credential?: string }[]; ttl: number }

export interface UploadOptions {
  /** exactly one of roomId and withUserId */
  roomId?: string;
  withUserId?: string;
  /** default: the File's name (required for bytes) */
  name?: string;
  /** default: the Blob's type, else application/octet-stream (the server sniffs the real type) */
  mimeType?: string;
  /** bytes the server has confirmed, after each chunk (and after a resume) */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** abort: rejects with ChatError 'aborted' and sends upload-cancel */
  signal?: AbortSignal;
  /** chunks in flight (default 3) */
  concurrency?: number;
}

export interface UploadFileAck { success: true; file: FileRef; messageId: string; seq: number; timestamp: number; conversationId?: string }

/** The signaling API (client.calls); none of these is repeated after a drop (they reject with `disconnected`). */
export interface CallSignaling {
  callUser(userId: string, options: { media?: CallMedia; offer: SessionDescription }): Promise<{ success: true; callId: string }>;
  answer(callId: string, answer: SessionDescription): Promise<SuccessAck>;
  sendCandidate(callId: string, candidate: unknown): Promise<SuccessAck>;
  reject(callId: string): Promise<SuccessAck>;
  end(callId: string): Promise<SuccessAck>;
  on<E extends 'incoming-call' | 'call-answered' | 'ice-candidate' | 'call-ended'>(event: E, handler: (payload: ChatEvents[E]) => void): () => void;
  off<E extends 'incoming-call' | 'call-answered' | 'ice-candidate' | 'call-ended'>(event: E, handler: (payload: ChatEvents[E]) => void): void;
}

export interface PeerCallOptions {
  media?: CallMedia;
  /** default: getUserMedia({audio: true, video: media === 'video'}), stopped when the call ends */
  localStream?: MediaStream;
  /** default: GET /api/ice-servers */
  iceServers?: RTCIceServer[];
}

/** A WebRTC call wired to the signaling (browsers). */
export class PeerCall {
  readonly callId: string;
  readonly pc: RTCPeerConnection;
  /** gets the other party's tracks as they arrive */
  readonly remoteStream: MediaStream;
  readonly localStream: MediaStream;
  readonly media: CallMedia;
  readonly direction: 'outgoing' | 'incoming';
  readonly peer: UserRef | { id: string };
  /** null while the call runs; then the reason (a CallEndReason, or 'failed') */
  readonly endReason: string | null;
  /** resolves with the reason once the call ended */
  readonly ended: Promise<string>;
  /** sends call-end (unless notify is false), closes pc, stops the tracks it opened itself */
  hangUp(reason?: string, options?: { notify?: boolean }): void;
  on(event: 'ended', handler: (e: { callId: string; reason: string }) => void): () => void;
  on(event: 'state', handler: (state: RTCPeerConnectionState) => void): () => void;
  off(event: string, handler: (payload: any) => void): void;
}

/** Uploads over a connected socket.io-client socket, chunks as binary attachments; resumes after its reconnect. */
export function uploadFileOverSocketIo(socket: any, file: Blob | ArrayBuffer | ArrayBufferView, options: UploadOptions & { ackTimeoutMs?: number }): Promise<UploadFileAck>;

/** One entry of get-conversations. unread = lastSeq - the user's read cursor. */
export interface ConversationSummary {
  conversationId: string;
  withUser: UserRef;
  lastSeq: number;
  lastMessage: PrivateMessage | null;
  unread: number;
  /** the conversation's change counter (edits and deletes) */
  lastChangeSeq: number;
}

/** One entry of get-rooms (and connected.sidebar.rooms), as the user sees the room. */
export interface RoomSummary {
  room: RoomInfo;
  role: RoomRole;
  lastSeq: number;
  lastMessage: ChatMessage | null;
  /** Unix ms of the last message, or of the room's creation */
  lastActivity: number;
  /** the user's read cursor */
  readSeq: number;
  /** others' retained, not deleted messages after the read cursor */
  unread: number;
}

export interface Sidebar { rooms: RoomSummary[]; conversations: ConversationSummary[] }

export interface ConnectedEvent {
  sessionId: string;
  userId: string;
  serverTime: number;
  rooms: string[];
  /** the first 100 rooms and conversations, as get-rooms and get-conversations answer */
  sidebar: Sidebar;
}

/** A room's (roomId) or a conversation's (conversationId) message changed. recovered: replayed after a reconnect from its current state. */
export type ChangeScope = { roomId: string; conversationId?: never } | { conversationId: string; roomId?: never };
export type MessageEditedEvent = ChangeScope & {
  seq: number;
  id: string;
  content: string;
  /** Unix ms */
  editedAt: number;
  editedBy: string;
  changeSeq: number;
  recovered?: true;
};
export type MessageDeletedEvent = ChangeScope & {
  seq: number;
  id: string;
  /** null when recovered (a message does not record who deleted it) */
  deletedBy: string | null;
  changeSeq: number;
  recovered?: true;
};
export type ReadReceiptEvent = ChangeScope & { userId: string; seq: number };
export type UnreadChangedEvent = ChangeScope & { unread: number };
export interface MemberRemovedEvent { roomId: string; userId: string; by: string }
export interface RoomUpdatedEvent { room: RoomInfo }
export interface RoleChangedEvent { roomId: string; userId: string; role: RoomRole }
export interface RoomEvent<T = unknown> { roomId: string; userId: string; event: string; data: T }

export interface SuccessAck { success: true }
export interface JoinRoomAck extends SuccessAck {
  room: RoomInfo;
  members: Member[];
  recentMessages: ChatMessage[];
  lastSeq: number;
  recovered?: boolean;
  hasMore?: boolean;
  /** the room's change counter */
  lastChangeSeq: number;
  /** with sinceSeq: current state of the messages at or below it changed after sinceChangeSeq, in change order */
  changes?: ChatMessage[];
  hasMoreChanges?: boolean;
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
export interface PrivateHistoryAck extends SuccessAck { conversationId: string; lastSeq: number; lastChangeSeq: number; messages: PrivateMessage[] }
export interface EditMessageAck extends SuccessAck { editedAt: number; changeSeq: number }
export interface DeleteMessageAck extends SuccessAck { changeSeq: number }
export interface ChangesAck<M = ChatMessage | PrivateMessage> extends SuccessAck { messages: M[]; lastChangeSeq: number; hasMore: boolean }
export interface RoomsAck extends SuccessAck { rooms: RoomSummary[] }
export interface UpdateRoomAck extends SuccessAck { room: RoomInfo }

export interface ConversationRecovery {
  conversationId: string;
  withUserId: string;
  /** false when fetching the history failed */
  recovered: boolean;
  /** messages the recovery emitted as private-message */
  missed: number;
  /** edits and deletes the recovery emitted as message-edited / message-deleted */
  changes: number;
  error?: ChatError;
}

export interface RoomRecovery {
  roomId: string;
  /** false when messages were lost to retention or the re-join failed */
  recovered: boolean;
  /** messages the recovery emitted: missed while away, plus live ones that raced the re-join */
  missed: number;
  /** edits and deletes the recovery emitted (from the join ack's changes and get-changes) */
  changes: number;
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
  /** once per changeSeq, in change order per room or conversation; live, or recovered after a reconnect */
  'message-edited': MessageEditedEvent;
  'message-deleted': MessageDeletedEvent;
  /** someone (the user's other devices included) read up to seq */
  'read-receipt': ReadReceiptEvent;
  /** a member was kicked (the user itself included: the room is then forgotten) */
  'member-removed': MemberRemovedEvent;
  'room-updated': RoomUpdatedEvent;
  'role-changed': RoleChangedEvent;
  /** an app-defined event of another member (sendRoomEvent) */
  'room-event': RoomEvent;
  /** client side: a room's or conversation's unread count changed (see unread / conversationUnread) */
  'unread-changed': UnreadChangedEvent;
  error: { error: string; code: string };
  pong: { timestamp: number };
  /** the connection's token expires at expiresAt (Unix ms); the client refreshes it through getToken by itself */
  'token-expiring': { expiresAt: number };
  /** client side: the server took a new token from getToken without a reconnect (expiresAt: Unix ms, null without exp) */
  'token-refreshed': { expiresAt: number | null };
  'incoming-call': IncomingCallEvent;
  'call-answered': CallAnsweredEvent;
  'ice-candidate': IceCandidateEvent;
  'call-ended': CallEndedEvent;
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
  /** highest changeSeq (edit or delete) of the room given to the app, or null when unknown */
  lastChangeSeq(roomId: string): number | null;
  lastConversationChangeSeq(conversationId: string): number | null;
  /** the user's unread count of the room: from connected.sidebar / getRooms, then kept up to date (0 when unknown) */
  unread(roomId: string): number;
  /** the user's unread count of the conversation (lastSeq - read cursor) */
  conversationUnread(conversationId: string): number;

  on<E extends keyof ChatEvents>(event: E, handler: (payload: ChatEvents[E]) => void): () => void;
  off<E extends keyof ChatEvents>(event: E, handler: (payload: ChatEvents[E]) => void): void;

  connect(): Promise<ConnectedEvent>;
  close(): void;

  joinRoom(roomId: string, options?: { sinceSeq?: number; sinceChangeSeq?: number }): Promise<JoinRoomAck>;
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

  /** author only; not_found for a deleted or unknown seq, not_allowed for someone else's message */
  editMessage(target: MessageScope, seq: number, content: string): Promise<EditMessageAck>;
  /** author, and in a room its owner and admins; the message stays as a tombstone */
  deleteMessage(target: MessageScope, seq: number): Promise<DeleteMessageAck>;
  /** read cursor forward to seq (default: the last one given to the app); clears the unread count up to it */
  markRead(target: MessageScope, seq?: number): Promise<SuccessAck>;
  getChanges(target: MessageScope, options?: { sinceChangeSeq?: number; limit?: number }): Promise<ChangesAck>;
  getRooms(options?: { limit?: number }): Promise<RoomsAck>;
  /** owner only */
  setRole(roomId: string, userId: string, role: 'admin' | 'member'): Promise<SuccessAck>;
  /** owner (anyone), admins (members) */
  kick(roomId: string, userId: string): Promise<SuccessAck>;
  /** owner or admin; at least one of name and topic */
  updateRoom(roomId: string, changes: { name?: string; topic?: string }): Promise<UpdateRoomAck>;
  /** relayed to the other members as room-event; event matches Gateway:RoomEventPattern, data at most Limits:MaxRoomEventBytes */
  sendRoomEvent(roomId: string, event: string, data?: unknown): Promise<SuccessAck>;

  /** chunked upload with SHA-256, progress, abort and resume after a reconnect; resolves with the upload-complete ack */
  uploadFile(file: Blob | ArrayBuffer | ArrayBufferView, options: UploadOptions): Promise<UploadFileAck>;
  /** absolute URL with ?token= (for <img src>, <a href>) */
  fileUrl(file: FileRef | string): string;
  /** GET with Authorization: Bearer; rejects not_found for unknown, deleted or foreign files */
  downloadFile(file: FileRef | string, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
  getIceServers(): Promise<IceServersResponse>;
  readonly calls: CallSignaling;
  /** browsers: places a WebRTC call; resolves once the server gave the call its id */
  startCall(userId: string, options?: PeerCallOptions & { media?: CallMedia }): Promise<PeerCall>;
  /** browsers: answers an incoming-call event */
  acceptCall(incoming: IncomingCallEvent, options?: Omit<PeerCallOptions, 'media'>): Promise<PeerCall>;
}
