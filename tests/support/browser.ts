/**
 * The browser the end-to-end suites drive: Debian's Chromium through playwright-core (which never downloads
 * one), against the web server the global setup starts. Script errors, the app's console errors (a
 * content-security-policy violation is one) and failed requests to the app are collected as problems, which
 * each suite asserts empty. Logos and posters hosted elsewhere (real XMLTV guides name them) may be
 * unreachable: not the app's fault, so only the app's own origin counts.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { STRONG_PASSWORD } from './client';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export const WEB_URL = () => process.env.WEB_URL!;

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** Records in `problems` what the app got wrong in this tab. */
export function watchForProblems(tab: Page, problems: string[]) {
  const ours = (url: string) => url.startsWith(new URL(WEB_URL()).origin);
  tab.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  tab.on('console', (message) => {
    if (message.type() === 'error' && ours(message.location().url)) problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  tab.on('response', (response) => {
    if (response.status() >= 400 && ours(response.url())) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
}

/** A browser of its own for one person (own storage), signed in through the sign-in screen. */
export async function signedInTab(browser: Browser, problems: string[], email: string, password = STRONG_PASSWORD): Promise<Page> {
  const context = await browser.newContext({ baseURL: WEB_URL(), locale: 'en-GB', timezoneId: 'UTC' });
  context.setDefaultTimeout(30_000);
  context.on('page', (tab) => watchForProblems(tab, problems));
  const tab = await context.newPage();
  await tab.goto('/signin');
  await tab.getByLabel('Email').fill(email);
  await tab.getByLabel('Password').fill(password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.getByRole('button', { name: 'Sign out' }).waitFor();
  return tab;
}

/** axe-core's serious and critical findings on the tab's page (the page must allow the injected script). */
export async function seriousAxeViolations(tab: Page): Promise<string[]> {
  await tab.addScriptTag({ path: require.resolve('axe-core') });
  return tab.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
  });
}
