// Test support for the demo page's browser tests: Debian's Chromium through playwright-core (no
// downloaded browsers), a real gateway, and the page actions the tests share.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot, startGateway } from './gateway.js';

export const CHROMIUM = '/usr/bin/chromium';
export const skipWithoutChromium = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install -y chromium); skipping the browser test`;
export const artifacts = join(repoRoot, 'test-artifacts');

/**
 * Starts the gateway and the browser; returns { gateway, browser, signIn, stop }. Options: `settings`
 * (gateway configuration), `args` (more Chromium flags), `context` (more browser context options).
 */
export async function startDemo({ settings = {}, args = [], context: contextOptions = {} } = {}) {
  const { chromium } = await import('playwright-core');
  const [gateway, browser] = await Promise.all([
    startGateway(settings),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', ...args],
    }),
  ]);
  await mkdir(artifacts, { recursive: true });

  /** Opens the app in a new browser context (a device of its own) and signs in. */
  async function signIn(name) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 }, ...contextOptions });
    context.setDefaultTimeout(15_000); // fail fast, with the locator in the message
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${name}] page error:`, err));
    await page.goto(gateway.baseUrl);
    await page.getByTestId('signin-name').fill(name);
    await page.getByTestId('signin-submit').click();
    await page.locator('[data-testid=connection-state][data-state=connected]').waitFor();
    const userId = await page.evaluate(() => globalThis.orleansChat.me.userId);
    return { page, userId, name };
  }

  async function stop() {
    await browser?.close();
    await gateway?.stop();
  }

  return { gateway, browser, signIn, stop };
}

export const roomItem = (page, roomId) => page.locator(`[data-testid=room-item][data-room-id="${roomId}"]`);

export async function joinRoom(page, roomId) {
  await page.getByTestId('room-id-input').fill(roomId);
  await page.getByTestId('join-room').click();
  await page.locator(`[data-testid=room-item][data-room-id="${roomId}"].active`).waitFor();
}

/** Creates a room with the page's form (the creator is its owner) and opens it. */
export async function createRoom(page, roomId, visibility = 'public') {
  await page.getByTestId('room-id-input').fill(roomId);
  await page.getByTestId('room-visibility').selectOption(visibility);
  await page.getByTestId('create-room').click();
  await page.locator(`[data-testid=room-item][data-room-id="${roomId}"].active`).waitFor();
}

export async function send(page, text) {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('send').click();
}

/** Sends and waits until the message is stored (no longer pending). */
export async function sendAndWait(page, text) {
  await send(page, text);
  await page.locator('[data-testid=message]:not(.pending)').getByText(text, { exact: true }).waitFor();
}

export const messageTexts = (page) => page.locator('[data-testid=message] .content').allTextContents();

/** The message (list item) whose content or tombstone is `text`. */
export const messageWith = (page, text) => page.locator('[data-testid=message]').filter({ has: page.getByText(text, { exact: true }) });

export const roomOrder = (page) => page.locator('[data-testid=room-item]').evaluateAll((items) => items.map((li) => li.dataset.roomId));
