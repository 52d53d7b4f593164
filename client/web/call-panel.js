// The call panel (local and remote video, state, duration, Hang up) and the notice that says how a
// call ended. calls.js decides what happens; this module only draws it.
import { $ } from './dom.js';
import { formatDuration } from './message-body.js';

let durationTimer;

/** Shows the panel for a call: local preview now, the remote stream as soon as it has tracks. */
export function openCallPanel({ peerName, media, localStream, remoteStream }) {
  clearInterval(durationTimer);
  $('call-peer').textContent = `${media === 'video' ? 'Video' : 'Audio'} call with ${peerName}`;
  $('call-panel').dataset.media = media;
  $('local-video').srcObject = localStream ?? null;
  $('local-video').hidden = !localStream?.getVideoTracks().length;
  setRemoteStream(remoteStream);
  $('call-notice').hidden = true;
  $('call-panel').hidden = false;
}

/** reload: the stream got a new track (setting srcObject again makes the element load it). */
export function setRemoteStream(stream, { reload = false } = {}) {
  const video = $('remote-video');
  if (!stream || (video.srcObject === stream && !reload)) return;
  video.srcObject = stream;
  video.play().catch(() => {}); // autoplay covers it; play() only hurries it along
}

export function setCallState(text, state) {
  $('call-state').textContent = text;
  $('call-panel').dataset.state = state ?? '';
}

/** Once connected: the running time, from the moment the peers connected. */
export function startDuration(since = Date.now()) {
  clearInterval(durationTimer);
  const tick = () => setCallState(`connected · ${formatDuration(Date.now() - since)}`, 'connected');
  tick();
  durationTimer = setInterval(tick, 1000);
}

export function closeCallPanel() {
  clearInterval(durationTimer);
  $('call-panel').hidden = true;
  $('call-panel').dataset.state = '';
  for (const video of [$('local-video'), $('remote-video')]) video.srcObject = null;
}

let noticeTimer;
/** A line that stays a while: "No answer", "Missed call from Bob", ... */
export function showCallNotice(text, reason) {
  $('call-notice').textContent = text;
  $('call-notice').dataset.reason = reason ?? '';
  $('call-notice').hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { $('call-notice').hidden = true; }, 8000);
}

/** The incoming-call banner for one ringing call, or hidden. */
export function renderIncoming(ring) {
  $('incoming-call').hidden = !ring;
  if (!ring) return;
  $('incoming-call').dataset.callId = ring.callId;
  $('incoming-call-text').textContent = `${ring.from?.name ?? ring.from?.id} is calling (${ring.media})`;
  $('answer-video').hidden = ring.media !== 'video';
}
