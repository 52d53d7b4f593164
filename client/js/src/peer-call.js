import { ChatError } from './errors.js';
import { Emitter } from './emitter.js';

// Remote candidates that arrive before the remote description are held; a peer that floods us is cut off here.
const MAX_HELD_CANDIDATES = 200;
// Events of a call that come before call-user's ack told us its id (a busy callee ends the call first).
const MAX_EARLY_EVENTS = 50;

/**
 * A WebRTC call wired to the signaling (client.startCall / client.acceptCall; browsers only).
 * `pc` is the RTCPeerConnection, `remoteStream` a MediaStream that gets the other party's tracks,
 * `localStream` what we send. Events: `ended` ({ reason }), `state` (pc.connectionState).
 * `ended` is a Promise of the reason.
 */
export class PeerCall {
  callId = null;
  pc;
  remoteStream;
  localStream;
  media;
  /** outgoing | incoming */
  direction;
  peer;
  endReason = null;
  ended;
  #events = new Emitter();
  #client;
  #ownsStream;
  #remoteReady = false;
  #heldRemote = [];
  #heldLocal = [];
  #canSendCandidates = false;
  #unsubscribe = [];
  #resolveEnded;

  constructor(client, { pc, localStream, ownsStream, media, direction, peer, MediaStream: MediaStreamImpl }) {
    this.#client = client;
    this.pc = pc;
    this.localStream = localStream;
    this.#ownsStream = ownsStream;
    this.media = media;
    this.direction = direction;
    this.peer = peer;
    this.remoteStream = new MediaStreamImpl();
    this.ended = new Promise((resolve) => { this.#resolveEnded = resolve; });
    for (const track of localStream?.getTracks() ?? []) pc.addTrack(track, localStream);
    pc.ontrack = (event) => {
      if (!this.remoteStream.getTracks().includes(event.track)) this.remoteStream.addTrack(event.track);
    };
    pc.onicecandidate = (event) => {
      if (!event.candidate) return;
      if (this.#canSendCandidates) this.#sendCandidate(event.candidate);
      else this.#heldLocal.push(event.candidate);
    };
    pc.onconnectionstatechange = () => {
      this.#events.emit('state', pc.connectionState);
      if (pc.connectionState === 'failed') this.hangUp('failed');
    };
  }

  on(event, handler) { return this.#events.on(event, handler); }

  off(event, handler) { this.#events.off(event, handler); }

  /**
   * Ends the call: call-end to the server (unless it ended there, or `notify` is false), closes the peer
   * connection, stops the local tracks it opened itself, emits `ended`.
   */
  hangUp(reason = 'ended', { notify = true } = {}) {
    if (this.endReason !== null) return;
    if (notify && this.callId) this.#client.calls.end(this.callId).catch(() => {});
    this.#finish(reason);
  }

  /** Listens for this call's signals; before the id is known (a call being placed), they are kept for adopt(). */
  listen() {
    const early = [];
    const route = (kind) => (event) => {
      if (this.callId === null) {
        if (early.length < MAX_EARLY_EVENTS) early.push([kind, event]);
      } else if (event?.callId === this.callId) {
        this.#onSignal(kind, event);
      }
    };
    for (const kind of ['call-answered', 'ice-candidate', 'call-ended']) this.#unsubscribe.push(this.#client.on(kind, route(kind)));
    // The call lives on the connection: once it drops, the server ends it (`disconnected`).
    this.#unsubscribe.push(this.#client.on('state', (state) => { if (state !== 'connected') this.#finish('disconnected'); }));
    return (callId) => {
      this.callId = callId;
      for (const [kind, event] of early) if (event?.callId === callId) this.#onSignal(kind, event);
    };
  }

  /** From now on our candidates go to the server (the caller once it has the id, the callee once its answer is acked). */
  startSendingCandidates() {
    this.#canSendCandidates = true;
    for (const candidate of this.#heldLocal.splice(0)) this.#sendCandidate(candidate);
  }

  /** The remote description is set: candidates held until now can be applied. */
  async remoteDescriptionSet() {
    this.#remoteReady = true;
    for (const candidate of this.#heldRemote.splice(0)) await this.#addCandidate(candidate);
  }

  async #onSignal(kind, event) {
    if (this.endReason !== null) return;
    if (kind === 'call-ended') {
      this.#finish(event.reason ?? 'ended');
    } else if (kind === 'call-answered' && this.direction === 'outgoing' && !this.#remoteReady) {
      try {
        await this.pc.setRemoteDescription(event.answer);
        await this.remoteDescriptionSet();
      } catch {
        this.hangUp('failed');
      }
    } else if (kind === 'ice-candidate' && event.candidate) {
      if (this.#remoteReady) await this.#addCandidate(event.candidate);
      else if (this.#heldRemote.length < MAX_HELD_CANDIDATES) this.#heldRemote.push(event.candidate);
    }
  }

  async #addCandidate(candidate) {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch {
      // A candidate the browser cannot use (another ICE generation, a bad string): the others may still connect.
    }
  }

  #sendCandidate(candidate) {
    this.#client.calls.sendCandidate(this.callId, candidate).catch(() => {});
  }

  #finish(reason) {
    if (this.endReason !== null) return;
    this.endReason = reason;
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.pc.onicecandidate = null;
    this.pc.close();
    if (this.#ownsStream) for (const track of this.localStream?.getTracks() ?? []) track.stop();
    this.#resolveEnded(reason);
    this.#events.emit('ended', { callId: this.callId, reason });
  }
}

/** The browser's WebRTC classes (or the ones given in options); a clear error where there are none (Node). */
export function webRtc(options = {}) {
  const RTCPeerConnection = options.RTCPeerConnection ?? globalThis.RTCPeerConnection;
  const MediaStream = options.MediaStream ?? globalThis.MediaStream;
  if (typeof RTCPeerConnection !== 'function' || typeof MediaStream !== 'function') {
    throw new ChatError('unsupported', 'WebRTC (RTCPeerConnection, MediaStream) is not available here: use client.calls for signaling only');
  }
  return { RTCPeerConnection, MediaStream };
}

/** The local stream: the given one (not stopped by us) or getUserMedia for the call's media (stopped when it ends). */
export async function localMedia(media, localStream) {
  if (localStream) return { stream: localStream, owns: false };
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices?.getUserMedia) throw new ChatError('unsupported', 'getUserMedia is not available: pass localStream');
  return { stream: await devices.getUserMedia({ audio: true, video: media === 'video' }), owns: true };
}

/** Places a call: offer, call-user, then trickles ICE; resolves with the PeerCall once the server gave its id. */
export async function startPeerCall(client, userId, { media = 'audio', localStream, iceServers, ...rest } = {}) {
  const { RTCPeerConnection, MediaStream } = webRtc(rest);
  const servers = iceServers ?? (await client.getIceServers()).iceServers;
  const local = await localMedia(media, localStream);
  const pc = new RTCPeerConnection({ iceServers: servers });
  const call = new PeerCall(client, { pc, localStream: local.stream, ownsStream: local.owns, media, direction: 'outgoing', peer: { id: userId }, MediaStream });
  const adopt = call.listen();
  try {
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const { callId } = await client.calls.callUser(userId, { media, offer });
    adopt(callId);
  } catch (err) {
    call.hangUp('failed');
    throw err;
  }
  if (call.endReason === null) call.startSendingCandidates();
  return call;
}

/** Answers an incoming-call payload: remote offer, our answer, call-answer, then trickles ICE. */
export async function acceptPeerCall(client, incoming, { localStream, iceServers, ...rest } = {}) {
  if (!incoming?.callId || !incoming.offer) throw new TypeError('pass the incoming-call event ({callId, from, media, offer})');
  const { RTCPeerConnection, MediaStream } = webRtc(rest);
  const servers = iceServers ?? (await client.getIceServers()).iceServers;
  const media = incoming.media ?? 'audio';
  const local = await localMedia(media, localStream);
  const pc = new RTCPeerConnection({ iceServers: servers });
  const call = new PeerCall(client, { pc, localStream: local.stream, ownsStream: local.owns, media, direction: 'incoming', peer: incoming.from, MediaStream });
  call.listen()(incoming.callId);
  try {
    await pc.setRemoteDescription(incoming.offer);
    await call.remoteDescriptionSet();
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    await client.calls.answer(incoming.callId, answer);
  } catch (err) {
    // Refused by the server (answered elsewhere, ended meanwhile): a call-end would end it for the device that won.
    call.hangUp('failed', { notify: !(err instanceof ChatError) });
    throw err;
  }
  if (call.endReason === null) call.startSendingCandidates();
  return call;
}
