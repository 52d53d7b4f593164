// One-to-one calls from a conversation (docs/PROTOCOL.md "Calls"): the call buttons, the incoming-call
// banner (Answer / Reject), the call in progress and how it ended. The SDK's startCall / acceptCall
// wire RTCPeerConnection and the signaling; this page gets the camera and microphone and shows the streams.
import { $, toast } from './dom.js';
import { app, dm } from './state.js';
import { closeCallPanel, openCallPanel, renderIncoming, setCallState, setRemoteStream, showCallNotice, startDuration } from './call-panel.js';

// For the browser tests and the devtools console: the call in progress (its pc, remoteStream, hangUp()).
const demo = (globalThis.__chatDemo ??= { call: null });

const ringing = new Map(); // callId -> incoming-call payload, oldest first
let current = null; // { call, peer: {id, name}, media, localStream }

/** Calls need the SDK's browser helpers and WebRTC; without them the buttons stay hidden and calls are ignored. */
export const canCall = () => typeof app.client?.startCall === 'function' && typeof globalThis.RTCPeerConnection === 'function'
  && typeof navigator.mediaDevices?.getUserMedia === 'function';

export function renderCallButtons() {
  const show = app.view?.kind === 'dm' && app.view.id !== app.me?.userId && canCall();
  for (const id of ['call-audio', 'call-video']) {
    $(id).hidden = !show;
    $(id).disabled = current != null;
  }
}

const ENDED = {
  'no-answer': 'No answer',
  busy: 'Busy: already in a call',
  rejected: 'Call rejected',
  'answered-elsewhere': 'Answered on another device',
  disconnected: 'Call disconnected',
  ended: 'Call ended',
  failed: 'Call failed: no connection between you',
};

const localMedia = (media) => navigator.mediaDevices.getUserMedia({ audio: true, video: media === 'video' });

const stopStream = (stream) => stream?.getTracks().forEach((t) => t.stop());

async function placeCall(media) {
  const userId = app.view?.kind === 'dm' ? app.view.id : null;
  if (!userId || current) return;
  const peer = { id: userId, name: dm(userId).name };
  let localStream;
  try {
    localStream = await localMedia(media);
    follow(await app.client.startCall(userId, { media, localStream }), { peer, media, localStream }, 'calling…');
  } catch (err) {
    stopStream(localStream);
    toast(`Call: ${err.message}`);
  }
}

async function answer(media) {
  const ring = ringing.values().next().value;
  if (!ring) return;
  ringing.delete(ring.callId);
  renderIncoming(ringing.values().next().value);
  let localStream;
  try {
    localStream = await localMedia(media);
    const peer = { id: ring.from?.id, name: ring.from?.name ?? ring.from?.id };
    follow(await app.client.acceptCall(ring, { localStream }), { peer, media: ring.media, localStream }, 'connecting…');
  } catch (err) {
    stopStream(localStream);
    toast(`Answer: ${err.message}`);
  }
}

async function reject() {
  const ring = ringing.values().next().value;
  if (!ring) return;
  ringing.delete(ring.callId);
  renderIncoming(ringing.values().next().value);
  await app.client.calls.reject(ring.callId).catch((err) => toast(`Reject: ${err.message}`));
}

/** The call on screen until it ends: its connection state, the remote stream, the end reason. */
function follow(call, { peer, media, localStream }, state) {
  current = { call, peer, media, localStream };
  demo.call = call;
  openCallPanel({ peerName: peer.name, media, localStream, remoteStream: call.remoteStream });
  setCallState(state, 'ringing');
  renderCallButtons();
  call.pc.addEventListener('track', () => setRemoteStream(call.remoteStream, { reload: true }));
  call.pc.addEventListener('connectionstatechange', () => {
    if (current?.call !== call) return;
    const connection = call.pc.connectionState;
    if (connection === 'connected') startDuration();
    else if (connection !== 'closed') setCallState(connection, connection);
  });
  call.ended.then((reason) => finish(call, reason)); // also when it ended before we got it (busy)
}

function finish(call, reason) {
  if (current?.call !== call) return;
  stopStream(current.localStream);
  const { peer } = current;
  current = null;
  demo.call = null;
  closeCallPanel();
  renderCallButtons();
  const text = reason === 'busy' ? `${peer.name} is busy` : reason === 'rejected' ? `${peer.name} rejected the call` : ENDED[reason] ?? ENDED.ended;
  showCallNotice(text, reason);
}

function hangUp() {
  const call = current?.call;
  if (!call) return;
  Promise.resolve(call.hangUp()).catch(() => {}); // the server ends it `disconnected` anyway if this is lost
  finish(call, 'ended');
}

// --- server events (wired by app.js) ---

export function onIncomingCall(ring) {
  if (!canCall() || !ring?.callId) return;
  ringing.set(ring.callId, ring);
  renderIncoming(ringing.values().next().value);
}

/** call-ended for a call still ringing here (the call in progress hears it through its call object). */
export function onCallEnded({ callId, reason } = {}) {
  const ring = ringing.get(callId);
  if (!ring) return;
  ringing.delete(callId);
  renderIncoming(ringing.values().next().value);
  const from = ring.from?.name ?? ring.from?.id;
  showCallNotice(reason === 'answered-elsewhere' ? ENDED[reason] : `Missed ${ring.media} call from ${from}`, reason);
}

$('call-audio').addEventListener('click', () => placeCall('audio'));
$('call-video').addEventListener('click', () => placeCall('video'));
$('answer-audio').addEventListener('click', () => answer('audio'));
$('answer-video').addEventListener('click', () => answer('video'));
$('reject-call').addEventListener('click', reject);
$('hang-up').addEventListener('click', hangUp);
// Leaving the page ends the call at once instead of after the server notices the closed connection.
window.addEventListener('pagehide', hangUp);
