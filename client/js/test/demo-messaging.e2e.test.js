// The demo page's issue-12 features in Debian's Chromium against a real gateway, with two or three
// users: edit and delete (the author's, the owner's), "seen by", unread badges (also across a user's
// tabs), the room list's activity order, and room settings (rename, topic, promote, demote, kick).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { uniqueId } from './gateway.js';
import {
  artifacts, createRoom, joinRoom, messageTexts, messageWith, roomItem, roomOrder, sendAndWait, skipWithoutChromium, startDemo,
} from './demo-page.js';

describe('demo web app: message changes, read state, room list, moderation', { skip: skipWithoutChromium, timeout: 180_000 }, () => {
  let demo;

  before(async () => { demo = await startDemo(); });
  after(async () => { await demo?.stop(); });

  const signIn = (name) => demo.signIn(name);
  const connected = (page) => page.locator('[data-testid=connection-state][data-state=connected]').waitFor();
  const deletedAt = (page, seq) => page.locator(`[data-testid=message][data-seq="${seq}"] [data-testid=message-deleted]`);
  const badge = (page, roomId) => roomItem(page, roomId).locator('[data-testid=unread]');
  const dmItem = (page, userId) => page.locator(`[data-testid=dm-item][data-user-id="${userId}"]`);

  async function edit(page, from, to) {
    await messageWith(page, from).getByTestId('message-edit').click();
    await page.getByTestId('edit-input').fill(to);
    await page.getByTestId('edit-input').press('Enter');
  }

  test('authors edit and delete their messages inline, the owner deletes others\', and the other user sees each at once', async () => {
    const alice = await signIn(uniqueId('Alice'));
    const bob = await signIn(uniqueId('Bob'));
    const roomId = uniqueId('edits');
    await createRoom(alice.page, roomId); // Alice owns it
    await joinRoom(bob.page, roomId);

    await sendAndWait(bob.page, 'Helo everyone');
    await sendAndWait(bob.page, 'I should not have said this');
    await sendAndWait(bob.page, 'Bob was here');
    await alice.page.getByText('Bob was here').waitFor();

    // Bob fixes a typo: both pages show the new text, marked edited.
    await edit(bob.page, 'Helo everyone', 'Hello everyone');
    await messageWith(bob.page, 'Hello everyone').getByTestId('edited').waitFor();
    await messageWith(alice.page, 'Hello everyone').getByTestId('edited').waitFor();

    // Bob takes a message back: a tombstone on both pages.
    await messageWith(bob.page, 'I should not have said this').getByTestId('message-delete').click();
    await deletedAt(alice.page, 2).waitFor();
    await deletedAt(bob.page, 2).waitFor();
    assert.equal(await alice.page.getByText('I should not have said this').count(), 0);

    // Bob may neither edit nor delete Alice's message; Alice, the owner, may delete Bob's but not edit it.
    await sendAndWait(alice.page, 'Owner speaking');
    await bob.page.getByText('Owner speaking').waitFor();
    assert.equal(await messageWith(bob.page, 'Owner speaking').getByTestId('message-edit').count(), 0);
    assert.equal(await messageWith(bob.page, 'Owner speaking').getByTestId('message-delete').count(), 0);
    assert.equal(await messageWith(alice.page, 'Bob was here').getByTestId('message-edit').count(), 0);
    await messageWith(alice.page, 'Bob was here').getByTestId('message-delete').click();
    await deletedAt(bob.page, 3).waitFor();
    await alice.page.screenshot({ path: join(artifacts, 'demo-edit-delete-alice.png') });

    // A reloaded page shows the messages as they are now (history carries edits and tombstones).
    await bob.page.reload();
    await connected(bob.page);
    await bob.page.getByText('Owner speaking').waitFor();
    assert.deepEqual(await messageTexts(bob.page), ['Hello everyone', 'message deleted', 'message deleted', 'Owner speaking']);
    assert.equal(await messageWith(bob.page, 'Hello everyone').getByTestId('edited').count(), 1);

    // The same in a direct conversation, where "Seen" follows the other user's read.
    await alice.page.getByTestId('dm-user-input').fill(bob.userId);
    await alice.page.getByTestId('dm-open').click();
    await sendAndWait(alice.page, 'psst, a secret');
    await sendAndWait(alice.page, 'on second thought');
    await dmItem(bob.page, alice.userId).click();
    await bob.page.getByText('on second thought').waitFor();
    await alice.page.getByTestId('seen-by').getByText('Seen').waitFor();
    await edit(alice.page, 'psst, a secret', 'psst, no secret after all');
    await messageWith(bob.page, 'psst, no secret after all').getByTestId('edited').waitFor();
    await messageWith(alice.page, 'on second thought').getByTestId('message-delete').click();
    await deletedAt(bob.page, 2).waitFor();
    assert.equal(await messageWith(bob.page, 'psst, no secret after all').getByTestId('message-edit').count(), 0);
    await bob.page.screenshot({ path: join(artifacts, 'demo-edit-delete-bob.png') });
  });

  test('"seen by" under the last message, unread badges that clear on opening (on every device), rooms ordered by activity', async () => {
    const alice = await signIn(uniqueId('Alice'));
    const bob = await signIn(uniqueId('Bob'));
    const carol = await signIn(uniqueId('Carol'));
    const [main, side] = [uniqueId('main'), uniqueId('side')];
    await createRoom(alice.page, main);
    await createRoom(alice.page, side);
    for (const user of [bob, carol]) {
      await joinRoom(user.page, main);
      await joinRoom(user.page, side);
    }
    for (const user of [alice, bob, carol]) {
      await roomItem(user.page, main).click();
      await user.page.locator(`[data-testid=room-item][data-room-id="${main}"].active`).waitFor();
    }

    // Everyone has the room open: Alice sees who read her message, Bob sees that Carol did.
    await sendAndWait(alice.page, 'Did everyone read this?');
    const seenByAlice = alice.page.getByTestId('seen-by');
    await seenByAlice.getByText(`Seen by ${bob.name}, ${carol.name}`, { exact: true }).waitFor();
    await bob.page.getByTestId('seen-by').getByText(`Seen by ${carol.name}`, { exact: true }).waitFor();
    assert.deepEqual(await roomOrder(bob.page), [main, side]);

    // Activity moves a room to the top.
    await roomItem(bob.page, side).click();
    await roomItem(carol.page, side).click();
    await sendAndWait(carol.page, 'Over here');
    await bob.page.getByText('Over here').waitFor();
    await bob.page.waitForFunction(([first]) => document.querySelector('[data-testid=room-item]')?.dataset.roomId === first, [side]);

    // Messages in a room Bob does not look at count as unread, and it moves up again.
    for (const text of ['one', 'two', 'three']) await sendAndWait(alice.page, text);
    await badge(bob.page, main).getByText('3', { exact: true }).waitFor();
    assert.deepEqual(await roomOrder(bob.page), [main, side]);
    assert.equal(await badge(bob.page, side).count(), 0);

    // Bob's second device starts with the same count (connected.sidebar), ordered the same.
    const bobTab = await signIn(bob.name);
    await badge(bobTab.page, main).getByText('3', { exact: true }).waitFor();
    assert.deepEqual(await roomOrder(bobTab.page), [main, side]);
    await bob.page.screenshot({ path: join(artifacts, 'demo-unread-bob.png') });

    // Opening the room clears the badge here and, through Bob's own read-receipt, on the other device.
    await roomItem(bob.page, main).click();
    await bob.page.getByText('three', { exact: true }).waitFor();
    assert.equal(await badge(bob.page, main).count(), 0);
    await badge(bobTab.page, main).waitFor({ state: 'detached' });
    await seenByAlice.getByText(`Seen by ${bob.name}`, { exact: true }).waitFor();

    // The cursor is stored: a reloaded page has no badge.
    await bobTab.page.reload();
    await connected(bobTab.page);
    await roomItem(bobTab.page, side).waitFor();
    assert.equal(await badge(bobTab.page, main).count(), 0);
    await alice.page.screenshot({ path: join(artifacts, 'demo-seen-by-alice.png') });
  });

  test('room settings: the owner renames, sets the topic and promotes; an admin kicks, and the kicked user\'s page drops the room', async () => {
    const alice = await signIn(uniqueId('Alice'));
    const bob = await signIn(uniqueId('Bob'));
    const carol = await signIn(uniqueId('Carol'));
    const roomId = uniqueId('project');
    await alice.page.getByTestId('room-invitees').fill(`${bob.userId}, ${carol.userId}`);
    await createRoom(alice.page, roomId, 'private');
    await joinRoom(bob.page, roomId);
    await joinRoom(carol.page, roomId);
    await alice.page.locator(`[data-testid=member][data-user-id="${carol.userId}"]`).waitFor();

    // Members have no settings; the owner has.
    assert.equal(await bob.page.getByTestId('room-settings-toggle').isHidden(), true);
    await alice.page.getByTestId('room-settings-toggle').click();
    await alice.page.getByTestId('room-name-input').fill('Project Phoenix');
    await alice.page.getByTestId('room-topic-input').fill('Launch on Friday');
    await alice.page.getByTestId('room-settings-save').click();
    await bob.page.getByTestId('conversation-title').getByText('# Project Phoenix', { exact: true }).waitFor();
    await bob.page.getByTestId('room-topic').getByText('Launch on Friday', { exact: true }).waitFor();
    await roomItem(carol.page, roomId).getByText('Project Phoenix').waitFor();

    // Promote Bob: his page shows the role and gives him the admin's powers (but not set-role).
    const settingsMember = (page, userId) => page.locator(`[data-testid=settings-member][data-user-id="${userId}"]`);
    await settingsMember(alice.page, bob.userId).getByTestId('member-promote').click();
    await bob.page.locator(`[data-testid=member][data-user-id="${bob.userId}"][data-role=admin]`).waitFor();
    await carol.page.locator(`[data-testid=member][data-user-id="${bob.userId}"][data-role=admin]`).waitFor();
    await sendAndWait(carol.page, 'buy cheap watches');
    await messageWith(bob.page, 'buy cheap watches').getByTestId('message-delete').click();
    await deletedAt(carol.page, 1).waitFor();
    await bob.page.getByTestId('room-settings-toggle').click();
    assert.equal(await bob.page.getByTestId('member-promote').count(), 0);
    assert.equal(await settingsMember(bob.page, alice.userId).getByTestId('member-kick').count(), 0); // not the owner
    await bob.page.screenshot({ path: join(artifacts, 'demo-settings-bob.png') });

    // Bob kicks Carol: her page drops the room at once, and the private room does not let her back.
    await settingsMember(bob.page, carol.userId).getByTestId('member-kick').click();
    await roomItem(carol.page, roomId).waitFor({ state: 'detached' });
    await carol.page.getByTestId('conversation-title').getByText('Pick or join a room').waitFor();
    await alice.page.locator(`[data-testid=member][data-user-id="${carol.userId}"]`).waitFor({ state: 'detached' });
    await carol.page.getByTestId('room-id-input').fill(roomId);
    await carol.page.getByTestId('join-room').click();
    await carol.page.getByTestId('toast').getByText(/Access denied/).waitFor();
    assert.equal(await roomItem(carol.page, roomId).count(), 0);
    assert.equal(await carol.page.getByTestId('composer-input').isDisabled(), true);

    // Demoted, Bob loses the settings again.
    await settingsMember(alice.page, bob.userId).getByTestId('member-demote').click();
    await bob.page.getByTestId('room-settings-toggle').waitFor({ state: 'hidden' });
    await bob.page.getByTestId('room-settings').waitFor({ state: 'hidden' });
    await alice.page.screenshot({ path: join(artifacts, 'demo-settings-alice.png') });
  });
});
