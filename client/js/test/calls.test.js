// Call signaling through the SDK against a real gateway (docs/PROTOCOL.md "Calls (WebRTC signaling)"):
// Node has no RTCPeerConnection, so the offers, answers and candidates are fake strings the server
// relays as they are. run `dotnet build gateway` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatError } from '../src/index.js';
import { newClient, nextEvent, startGateway, uniqueId } from './gateway.js';

let gateway;
const clients = [];

async function connected(userId, options) {
  const client = await newClient(gateway, userId, options);
  clients.push(client);
  await client.connect();
  await client.ping(); // one ack: the connection is registered
  return client;
}

async function rejects(promise, code) {
  await assert.rejects(promise, (err) => err instanceof ChatError && err.code === code, `expected ${code}`);
}

const offer = { type: 'offer', sdp: 'v=0 fake offer' };
const answer = { type: 'answer', sdp: 'v=0 fake answer' };
const candidate = (n) => ({ candidate: `candidate:${n} 1 udp 2122260223 192.0.2.1 5000${n} typ host`, sdpMid: '0', sdpMLineIndex: 0 });

describe('call signaling through the SDK against a real gateway', { timeout: 120_000 }, () => {
  before(async () => { gateway = await startGateway({ 'Calls:StunUrls:0': 'stun:stun.example.org:3478' }); });
  after(async () => {
    for (const client of clients) client.close();
    await gateway?.stop();
  });

  test('call, answer, candidates both ways, end: each side gets the other\'s signals; a completed call is recorded', async () => {
    const alice = await connected(uniqueId('alice'));
    const bob = await connected(uniqueId('bob'));
    const ringing = nextEvent(bob.calls, 'incoming-call');

    const { callId } = await alice.calls.callUser(bob.session.userId, { media: 'video', offer });
    const incoming = await ringing;
    assert.equal(incoming.callId, callId);
    assert.equal(incoming.from.id, alice.session.userId);
    assert.equal(incoming.media, 'video');
    assert.deepEqual(incoming.offer, offer);

    // The caller's candidates before the answer are held by the server, then delivered to the answering connection.
    await alice.calls.sendCandidate(callId, candidate(1));
    const heldForBob = nextEvent(bob, 'ice-candidate', (e) => e.callId === callId);
    const answered = nextEvent(alice, 'call-answered', (e) => e.callId === callId);
    await bob.calls.answer(callId, answer);
    assert.deepEqual((await answered).answer, answer);
    assert.deepEqual((await heldForBob).candidate, candidate(1));

    const toAlice = nextEvent(alice, 'ice-candidate', (e) => e.callId === callId);
    await bob.calls.sendCandidate(callId, { toJSON: () => candidate(2) }); // an RTCIceCandidate-like object
    assert.deepEqual((await toAlice).candidate, candidate(2));

    const record = nextEvent(bob, 'private-message', (m) => m.type === 'call');
    const endedForBob = nextEvent(bob, 'call-ended', (e) => e.callId === callId);
    const endedForAlice = nextEvent(alice, 'call-ended', (e) => e.callId === callId);
    await alice.calls.end(callId);
    assert.equal((await endedForBob).reason, 'ended');
    assert.equal((await endedForAlice).reason, 'ended');
    const { call, fromUserId } = await record;
    assert.equal(fromUserId, alice.session.userId);
    assert.equal(call.callId, callId);
    assert.equal(call.outcome, 'completed');
    await rejects(alice.calls.end(callId), 'not_found');
  });

  test('reject ends the call on both sides and records it; a stranger and a bad payload are refused', async () => {
    const alice = await connected(uniqueId('alice'));
    const bob = await connected(uniqueId('bob'));
    const mallory = await connected(uniqueId('mallory'));
    const ringing = nextEvent(bob, 'incoming-call');
    const { callId } = await alice.calls.callUser(bob.session.userId, { media: 'audio', offer });
    await ringing;

    await rejects(mallory.calls.answer(callId, answer), 'not_found');
    await rejects(mallory.calls.end(callId), 'not_found');
    await rejects(mallory.calls.sendCandidate(callId, candidate(1)), 'not_found');
    await rejects(alice.calls.callUser(alice.session.userId, { offer }), 'invalid_format');
    await rejects(alice.calls.answer(uniqueId('no-such-call'), answer), 'not_found');
    assert.throws(() => alice.calls.callUser(bob.session.userId, {}), TypeError);

    const record = nextEvent(alice, 'private-message', (m) => m.type === 'call');
    const endedForAlice = nextEvent(alice, 'call-ended', (e) => e.callId === callId);
    await bob.calls.reject(callId);
    assert.equal((await endedForAlice).reason, 'rejected');
    assert.equal((await record).call.outcome, 'rejected');
  });

  test('every connection of the callee rings; the first answer wins, the other connection hears answered-elsewhere', async () => {
    const alice = await connected(uniqueId('alice'));
    const bobId = uniqueId('bob');
    const [phone, laptop] = [await connected(bobId), await connected(bobId)];
    const rings = [nextEvent(phone, 'incoming-call'), nextEvent(laptop, 'incoming-call')];
    const { callId } = await alice.calls.callUser(bobId, { media: 'audio', offer });
    assert.deepEqual((await Promise.all(rings)).map((e) => e.callId), [callId, callId]);

    const elsewhere = nextEvent(laptop, 'call-ended', (e) => e.callId === callId);
    await phone.calls.answer(callId, answer);
    assert.equal((await elsewhere).reason, 'answered-elsewhere');
    await rejects(laptop.calls.answer(callId, answer), 'not_allowed');

    const ended = nextEvent(alice, 'call-ended', (e) => e.callId === callId);
    await phone.calls.end(callId);
    assert.equal((await ended).reason, 'ended');
  });

  test('the caller\'s connection drops: the callee hears disconnected', async () => {
    const alice = await connected(uniqueId('alice'));
    const bob = await connected(uniqueId('bob'));
    const ringing = nextEvent(bob, 'incoming-call');
    const { callId } = await alice.calls.callUser(bob.session.userId, { media: 'audio', offer });
    await ringing;

    const ended = nextEvent(bob, 'call-ended', (e) => e.callId === callId);
    alice.socket.terminate();
    assert.equal((await ended).reason, 'disconnected');
  });

  test('getIceServers lists the configured STUN urls; the WebRTC helpers say clearly that Node has no WebRTC', async () => {
    const alice = await connected(uniqueId('alice'));
    const { iceServers, ttl } = await alice.getIceServers();
    assert.ok(iceServers.some((s) => [s.urls].flat().includes('stun:stun.example.org:3478')));
    assert.ok(ttl > 0);

    await rejects(alice.startCall(uniqueId('bob'), { media: 'audio' }), 'unsupported');
    await rejects(alice.acceptCall({ callId: 'c', offer, from: { id: 'x' } }), 'unsupported');
    assert.throws(() => alice.calls.on('new-message', () => {}), TypeError);
  });
});
