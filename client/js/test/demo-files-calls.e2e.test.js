// The demo page's files and calls in Debian's Chromium (fake camera and microphone) against a real
// gateway, two users in two browser contexts: a video call that connects and plays the callee's remote
// video, an image and a text file shared in a room (preview, identical bytes on download), a missed call.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { uniqueId } from './gateway.js';
import { artifacts, createRoom, joinRoom, sendAndWait, skipWithoutChromium, startDemo } from './demo-page.js';

const RING_TIMEOUT_S = 8; // long enough to answer under load, short enough for the missed-call test

/** A real PNG: width x height RGB pixels (a colour gradient), zlib-compressed, with CRCs. */
function png(width, height) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // each row starts with filter type 0
    for (let x = 0; x < width; x++) rows.set([(x * 255) / width, (y * 255) / height, 128], row + 1 + x * 3);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

describe('demo web app: files and calls', { skip: skipWithoutChromium, timeout: 240_000 }, () => {
  let demo;

  before(async () => {
    demo = await startDemo({
      settings: { 'Calls:RingTimeout': `00:00:${String(RING_TIMEOUT_S).padStart(2, '0')}` },
      args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
      context: { permissions: ['camera', 'microphone'] },
    });
  });
  after(async () => { await demo?.stop(); });

  const signIn = (name) => demo.signIn(name);
  const dmItem = (page, userId) => page.locator(`[data-testid=dm-item][data-user-id="${userId}"]`);
  const callState = (page) => page.evaluate(() => globalThis.__chatDemo?.call?.pc?.connectionState ?? null);

  async function openDm(page, userId) {
    await page.getByTestId('dm-user-input').fill(userId);
    await page.getByTestId('dm-open').click();
    await page.locator(`[data-testid=dm-item][data-user-id="${userId}"].active`).waitFor();
  }

  /** The remote <video> has a picture and its time moves on: frames are being played. */
  async function playsFrames(page) {
    await page.waitForFunction(() => {
      const video = document.querySelector('[data-testid=remote-video]');
      return video.videoWidth > 0 && video.currentTime > 0;
    });
    const start = await page.evaluate(() => document.querySelector('[data-testid=remote-video]').currentTime);
    await page.waitForFunction((t) => document.querySelector('[data-testid=remote-video]').currentTime > t + 0.5, start);
    // And the browser presents new frames (not one frozen picture).
    const frames = await page.evaluate(() => new Promise((resolve) => {
      const video = document.querySelector('[data-testid=remote-video]');
      let count = 0;
      const next = () => video.requestVideoFrameCallback(() => { if (++count === 5) resolve(count); else next(); });
      next();
      setTimeout(() => resolve(count), 5000);
    }));
    assert.equal(frames, 5, 'the remote video presented 5 new frames within 5 s');
  }

  test('a video call: Alice calls Bob, Bob answers, both connect, Bob sees Alice\'s video, Alice hangs up', async () => {
    const alice = await signIn(uniqueId('Alice'));
    const bob = await signIn(uniqueId('Bob'));
    await openDm(alice.page, bob.userId);
    await alice.page.getByTestId('call-video').click();
    await alice.page.getByTestId('call-panel').waitFor();

    const banner = bob.page.getByTestId('incoming-call');
    await banner.getByText(`${alice.name} is calling (video)`).waitFor();
    await banner.getByTestId('answer-video').click();
    await banner.waitFor({ state: 'hidden' });

    for (const { page } of [alice, bob]) await page.waitForFunction(() => globalThis.__chatDemo?.call?.pc?.connectionState === 'connected');
    await bob.page.getByTestId('call-state').getByText(/^connected/).waitFor();
    await playsFrames(bob.page);
    await playsFrames(alice.page); // Bob answered with video too
    assert.equal(await bob.page.getByTestId('call-video').isDisabled(), true, 'no second call during a call');
    await bob.page.screenshot({ path: join(artifacts, 'demo-call-bob.png') });

    await alice.page.getByTestId('hang-up').click();
    for (const { page } of [alice, bob]) await page.getByTestId('call-panel').waitFor({ state: 'hidden' });
    assert.equal(await callState(alice.page), null);
    assert.equal(await callState(bob.page), null);
    await bob.page.getByTestId('call-notice').getByText('Call ended').waitFor();

    // The finished call is a line in the conversation, for both.
    const record = (page) => page.locator('[data-testid=call-record][data-outcome=completed]');
    await record(alice.page).getByText(/^Video call, \d+:\d\d$/).waitFor();
    await dmItem(bob.page, alice.userId).click();
    await record(bob.page).getByText(/^Video call, \d+:\d\d$/).waitFor();
    await alice.page.screenshot({ path: join(artifacts, 'demo-call-ended-alice.png') });
  });

  test('files in a room: an image shows as a preview and downloads with identical bytes; a text file is a download link; a dropped upload is cancelled', async () => {
    const alice = await signIn(uniqueId('Alice'));
    const bob = await signIn(uniqueId('Bob'));
    const roomId = uniqueId('files');
    await createRoom(alice.page, roomId);
    await joinRoom(bob.page, roomId);

    const image = png(48, 32);
    await alice.page.getByTestId('file-input').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: image });
    const preview = (page) => page.locator('[data-testid=file] img[data-testid=file-preview]');
    await preview(alice.page).waitFor();
    await alice.page.getByTestId('uploads').waitFor({ state: 'hidden' });
    await preview(bob.page).waitFor();
    const size = await bob.page.waitForFunction(() => {
      const img = document.querySelector('[data-testid=file-preview]');
      return img?.complete && img.naturalWidth > 0 ? [img.naturalWidth, img.naturalHeight] : null;
    });
    assert.deepEqual(await size.jsonValue(), [48, 32]);

    // Bob's download (the link, with his token) gives the same bytes.
    const downloaded = await bob.page.locator('[data-testid=file-link]').getByText('gradient.png').evaluate(async (link) => {
      const response = await fetch(link.href);
      const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
      const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
      return { status: response.status, type: response.headers.get('content-type'), hex };
    });
    assert.deepEqual(downloaded, { status: 200, type: 'image/png', hex: sha256(image) });

    // A file that is not an image: a link with its name and size, no preview.
    const notes = Buffer.from('Meeting notes\nship it on Friday\n', 'utf8');
    await alice.page.getByTestId('file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: notes });
    const notesFile = bob.page.locator('[data-testid=file]').filter({ has: bob.page.getByText('notes.txt', { exact: true }) });
    await notesFile.waitFor();
    assert.equal(await notesFile.locator('img').count(), 0);
    assert.equal(await notesFile.getByTestId('file-size').textContent(), ` ${notes.length} B`);
    const text = await notesFile.getByTestId('file-link').evaluate(async (link) => (await fetch(link.href)).text());
    assert.equal(text, notes.toString('utf8'));
    await bob.page.screenshot({ path: join(artifacts, 'demo-files-bob.png') });

    // A big file dropped on the message list shows its progress and can be cancelled: no message comes of it.
    // (Made in the page: 24 MB through the DevTools protocol would take longer than the upload.)
    await alice.page.getByTestId('messages').evaluate((list) => {
      const files = new DataTransfer();
      files.items.add(new File([new Uint8Array(24 * 1024 * 1024).fill(7)], 'big.zip', { type: 'application/zip' }));
      list.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
    });
    await alice.page.waitForFunction(() => document.querySelector('[data-testid=upload-progress]')?.value > 0);
    await alice.page.getByTestId('upload-cancel').click();
    await alice.page.getByTestId('toast').getByText('big.zip: upload cancelled').waitFor();
    await alice.page.getByTestId('uploads').waitFor({ state: 'hidden' });
    await sendAndWait(alice.page, 'after the cancel');
    await bob.page.getByText('after the cancel').waitFor();
    assert.equal(await bob.page.getByText('big.zip').count(), 0);
  });

  test('a call nobody answers: "No answer" for the caller, a missed-call notice and line for the callee; then a rejected call', async () => {
    const alice = await signIn(uniqueId('Alice'));
    const bob = await signIn(uniqueId('Bob'));
    await openDm(alice.page, bob.userId);
    await alice.page.getByTestId('call-video').click();
    const banner = bob.page.getByTestId('incoming-call');
    await banner.waitFor();

    const timeout = { timeout: (RING_TIMEOUT_S + 10) * 1000 };
    await banner.waitFor({ state: 'hidden', ...timeout });
    await bob.page.getByTestId('call-notice').getByText(`Missed video call from ${alice.name}`).waitFor();
    await alice.page.getByTestId('call-notice').getByText('No answer').waitFor();
    await alice.page.getByTestId('call-panel').waitFor({ state: 'hidden' });

    await dmItem(bob.page, alice.userId).click();
    await bob.page.locator('[data-testid=call-record][data-outcome=missed]').getByText('Missed video call', { exact: true }).waitFor();
    await alice.page.locator('[data-testid=call-record][data-outcome=missed]').getByText('Video call, no answer', { exact: true }).waitFor();
    await bob.page.screenshot({ path: join(artifacts, 'demo-missed-call-bob.png') });

    // Bob rejects the next one: Alice's panel closes with the reason, both see the line.
    await alice.page.getByTestId('call-audio').click();
    await banner.getByText(`${alice.name} is calling (audio)`).waitFor();
    assert.equal(await banner.getByTestId('answer-video').isHidden(), true, 'an audio call is answered with audio');
    await banner.getByTestId('reject-call').click();
    await banner.waitFor({ state: 'hidden' });
    await alice.page.getByTestId('call-notice').getByText(`${bob.name} rejected the call`).waitFor();
    await alice.page.getByTestId('call-panel').waitFor({ state: 'hidden' });
    await alice.page.locator('[data-testid=call-record][data-outcome=rejected]').getByText('Audio call declined', { exact: true }).waitFor();
    await bob.page.locator('[data-testid=call-record][data-outcome=rejected]').getByText('Declined audio call', { exact: true }).waitFor();
  });
});
