// The demo web app in Debian's Chromium (playwright-core, no downloaded browsers) against a real gateway.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot, uniqueId } from './gateway.js';
import { artifacts, joinRoom, messageTexts, send, skipWithoutChromium, startDemo } from './demo-page.js';

describe('demo web app in Chromium', { skip: skipWithoutChromium, timeout: 120_000 }, () => {
  let demo;
  let gateway;

  before(async () => {
    demo = await startDemo();
    gateway = demo.gateway;
  });

  after(async () => {
    await demo?.stop();
  });

  const signIn = (name) => demo.signIn(name);

  test('the gateway serves the current demo files (run `dotnet build gateway` after editing them)', async () => {
    const pages = (await readdir(join(repoRoot, 'client/web'))).map((file) => [`/${file}`, `client/web/${file}`]);
    for (const [served, local] of [...pages, ['/sdk/chat-client.js', 'client/js/src/chat-client.js']]) {
      const body = await (await fetch(gateway.baseUrl + served)).text();
      assert.equal(body, await readFile(join(repoRoot, local), 'utf8'), `${served} is stale`);
    }
  });

  test('two users chat in a room: messages, typing, presence, private messages, reconnect', async () => {
    const suffix = uniqueId('x').slice(2);
    const alice = await signIn(`Alice ${suffix}`);
    const bob = await signIn(`Bob ${suffix}`);
    const roomId = uniqueId('lobby');

    await joinRoom(alice.page, roomId);
    await joinRoom(bob.page, roomId);

    // Each sees the other's messages, in order.
    await send(alice.page, 'Hi Bob, welcome to the lobby!');
    await bob.page.getByText('Hi Bob, welcome to the lobby!').waitFor();
    await send(bob.page, 'Thanks Alice — ça va?');
    await alice.page.getByText('Thanks Alice — ça va?').waitFor();
    assert.deepEqual(await messageTexts(bob.page), ['Hi Bob, welcome to the lobby!', 'Thanks Alice — ça va?']);

    // Presence dots: both online on both pages.
    for (const { page } of [alice, bob]) {
      for (const { userId } of [alice, bob]) {
        await page.locator(`[data-testid=member][data-user-id="${userId}"][data-status=online] .dot`).waitFor();
      }
    }

    // Typing indicator.
    await alice.page.getByTestId('composer-input').fill('I am typing somethi');
    await bob.page.getByTestId('typing-indicator').getByText(`Alice ${suffix} is typing…`).waitFor();

    // Status changes show up as presence on the other page.
    await bob.page.getByTestId('status-select').selectOption('away');
    await alice.page.locator(`[data-testid=member][data-user-id="${bob.userId}"][data-status=away]`).waitFor();

    // A private message shows up with an unread marker.
    await alice.page.getByTestId('dm-user-input').fill(bob.userId);
    await alice.page.getByTestId('dm-open').click();
    await send(alice.page, 'A private word');
    await bob.page.locator(`[data-testid=dm-item][data-user-id="${alice.userId}"] [data-testid=unread]`).waitFor();

    // Bob's connection drops; Alice keeps writing; Bob recovers with every message once, in order.
    await alice.page.locator(`[data-testid=room-item][data-room-id="${roomId}"]`).click();
    await bob.page.evaluate(() => {
      const { client } = globalThis.orleansChat;
      globalThis.states = [];
      client.on('state', (state) => globalThis.states.push(state));
      client.socket.close(4000, 'test: drop');
    });
    await alice.page.evaluate(async (room) => {
      const { client } = globalThis.orleansChat;
      for (let i = 1; i <= 5; i++) await client.sendMessage(room, `while you were away ${i}`);
    }, roomId);
    await bob.page.getByText('while you were away 5').waitFor();
    assert.deepEqual(await bob.page.evaluate(() => globalThis.states), ['reconnecting', 'connected']);
    await send(alice.page, 'Welcome back');
    await bob.page.getByText('Welcome back').waitFor();
    const seqs = await bob.page.locator('[data-testid=message]').evaluateAll((items) => items.map((li) => Number(li.dataset.seq)));
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7, 8]);
    // Bob's chosen status survives the reconnect (a new connection starts online).
    await alice.page.locator(`[data-testid=member][data-user-id="${bob.userId}"][data-status=away]`).waitFor();

    await alice.page.getByTestId('composer-input').fill('Still typing');
    await bob.page.getByTestId('typing-indicator').getByText('is typing…').waitFor();
    await alice.page.screenshot({ path: join(artifacts, 'demo-alice.png') });
    await bob.page.screenshot({ path: join(artifacts, 'demo-bob.png') });
  });

  test('older messages load on demand; rooms not in view get unread markers', async () => {
    const alice = await signIn(uniqueId('Alice'));
    const bob = await signIn(uniqueId('Bob'));
    const [busy, quiet] = [uniqueId('busy'), uniqueId('quiet')];
    for (const roomId of [busy, quiet]) {
      await joinRoom(alice.page, roomId);
      await joinRoom(bob.page, roomId);
    }
    await alice.page.evaluate(async (room) => {
      for (let i = 1; i <= 60; i++) await globalThis.orleansChat.client.sendMessage(room, `old ${i}`);
    }, busy);

    // Bob is looking at the quiet room: the busy one is marked unread.
    await bob.page.locator(`[data-testid=room-item][data-room-id="${busy}"] [data-testid=unread]`).getByText('60').waitFor();
    await bob.page.locator(`[data-testid=room-item][data-room-id="${busy}"]`).click();
    await bob.page.getByText('old 60').waitFor();
    assert.equal(await bob.page.locator(`[data-testid=room-item][data-room-id="${busy}"] [data-testid=unread]`).count(), 0);

    // A fresh page of Bob's starts with the newest messages and pages back on request.
    const bobAgain = await signIn(bob.userId);
    await bobAgain.page.locator(`[data-testid=room-item][data-room-id="${busy}"]`).click();
    await bobAgain.page.getByText('old 60').waitFor();
    const shown = await bobAgain.page.locator('[data-testid=message]').count();
    assert.ok(shown < 60, `only the recent messages at first (${shown})`);
    assert.equal(await bobAgain.page.getByTestId('load-older').isVisible(), true);
    await bobAgain.page.getByTestId('messages').evaluate((box) => { box.scrollTop = 0; }); // scrolled to the top
    await bobAgain.page.getByText('old 1', { exact: true }).waitFor();
    assert.deepEqual(await messageTexts(bobAgain.page), Array.from({ length: 60 }, (_, i) => `old ${i + 1}`));
    assert.equal(await bobAgain.page.getByTestId('load-older').isHidden(), true);
  });

  const dmItem = (page, userId) => page.locator(`[data-testid=dm-item][data-user-id="${userId}"]`);

  async function openDm(page, userId) {
    await page.getByTestId('dm-user-input').fill(userId);
    await page.getByTestId('dm-open').click();
    await page.locator(`[data-testid=dm-item][data-user-id="${userId}"].active`).waitFor();
  }

  test('direct messages survive a page reload: the conversation, its history and its read state', async () => {
    const alice = await signIn(uniqueId('Alice'));
    const bob = await signIn(uniqueId('Bob'));

    await openDm(alice.page, bob.userId);
    await send(alice.page, 'Hi Bob, a private word');
    await dmItem(bob.page, alice.userId).locator('[data-testid=unread]').getByText('1').waitFor();
    await dmItem(bob.page, alice.userId).click();
    await bob.page.getByText('Hi Bob, a private word').waitFor();
    await send(bob.page, 'Got it, Alice');
    await alice.page.getByText('Got it, Alice').waitFor();
    // Enough for more than one history page, so that the reloaded page scrolls back with beforeSeq.
    await alice.page.evaluate(async (to) => {
      for (let i = 1; i <= 40; i++) await globalThis.orleansChat.client.sendPrivateMessage(to, `dm ${i}`);
    }, bob.userId);
    await bob.page.getByText('dm 40', { exact: true }).waitFor();
    const expected = ['Hi Bob, a private word', 'Got it, Alice', ...Array.from({ length: 40 }, (_, i) => `dm ${i + 1}`)];
    assert.deepEqual(await messageTexts(alice.page), expected);

    // Bob has the conversation open: it is marked read up to its last message before the reload.
    await bob.page.waitForFunction((id) => globalThis.orleansChat.dms.get(id)?.markedSeq === 42, alice.userId);
    await bob.page.reload();
    await bob.page.locator('[data-testid=connection-state][data-state=connected]').waitFor();
    // The conversation is listed from the server, read (Bob had it open), and reopened with its newest page.
    await dmItem(bob.page, alice.userId).waitFor();
    assert.equal(await dmItem(bob.page, alice.userId).locator('[data-testid=unread]').count(), 0);
    await bob.page.locator(`[data-testid=dm-item][data-user-id="${alice.userId}"].active`).waitFor();
    await bob.page.getByText('dm 40', { exact: true }).waitFor();
    assert.ok((await bob.page.locator('[data-testid=message]').count()) < expected.length, 'only the newest page at first');
    await bob.page.getByTestId('messages').evaluate((box) => { box.scrollTop = 0; });
    await bob.page.getByText('Hi Bob, a private word').waitFor();
    assert.deepEqual(await messageTexts(bob.page), expected);
    const seqs = await bob.page.locator('[data-testid=message]').evaluateAll((items) => items.map((li) => Number(li.dataset.seq)));
    assert.deepEqual(seqs, Array.from({ length: expected.length }, (_, i) => i + 1));

    // Alice's reloaded page lists the conversation too and shows it on a click.
    await alice.page.reload();
    await dmItem(alice.page, bob.userId).click();
    await alice.page.getByText('dm 40', { exact: true }).waitFor();
    await bob.page.screenshot({ path: join(artifacts, 'demo-dm-reload.png') });
  });

  test('a direct message sent while the other user is signed out appears once after they sign in again', async () => {
    const alice = await signIn(uniqueId('Alice'));
    const bobName = uniqueId('Bob');
    const bob = await signIn(bobName);
    await bob.page.getByTestId('signout').click();
    await bob.page.getByTestId('signin-name').waitFor();

    await openDm(alice.page, bob.userId);
    await send(alice.page, 'While you were out');
    await alice.page.locator('[data-testid=message]:not(.pending)').getByText('While you were out').waitFor();

    await bob.page.getByTestId('signin-name').fill(bobName);
    await bob.page.getByTestId('signin-submit').click();
    await dmItem(bob.page, alice.userId).locator('[data-testid=unread]').getByText('1').waitFor();
    await dmItem(bob.page, alice.userId).click();
    await bob.page.getByText('While you were out').waitFor();
    assert.deepEqual(await messageTexts(bob.page), ['While you were out']);
    await bob.page.locator(`[data-testid=dm-item][data-user-id="${alice.userId}"]:not(:has([data-testid=unread]))`).waitFor();

    // A dropped connection brings nothing twice: the message is recovered, not repeated.
    await bob.page.evaluate(() => globalThis.orleansChat.client.socket.close(4000, 'test: drop'));
    await bob.page.locator('[data-testid=connection-state][data-state=connected]').waitFor();
    await send(alice.page, 'And now you are back');
    await bob.page.getByText('And now you are back').waitFor();
    await bob.page.waitForTimeout(300);
    assert.deepEqual(await messageTexts(bob.page), ['While you were out', 'And now you are back']);
    assert.deepEqual(await messageTexts(alice.page), ['While you were out', 'And now you are back']);
  });
});
