/**
 * Waiting for clerks' pages to stand by (the camera preview says the call can start), and saying what
 * each page showed when one does not: a loaded machine sometimes leaves a page at 准备中, and the
 * bench's error is all there is to find out why.
 */
import type { Page } from '@playwright/test';
import { pageMilestones } from './milestones';

/** How long a page may take to stand by on a loaded machine (longer than Playwright's default). */
const STANDBY_TIMEOUT_MS = 90_000;
/** How many of a page's last warnings and errors are kept. */
const CONSOLE_TAIL = 20;

export interface StandbyWatch {
  /** Every page stands by; otherwise an error saying what the first one that did not showed. */
  untilReady(): Promise<void>;
}

/** Starts keeping the last warnings and errors of each page (named by its label) for `untilReady`. */
export function watchStandby(pages: Readonly<Record<string, Page>>): StandbyWatch {
  const consoleTails = new Map<Page, string[]>();
  for (const page of Object.values(pages)) {
    const tail: string[] = [];
    consoleTails.set(page, tail);
    const keep = (line: string) => {
      tail.push(`${new Date().toISOString()} ${line}`);
      if (tail.length > CONSOLE_TAIL) tail.shift();
    };
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') keep(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => keep(`pageerror: ${error.message}`));
  }
  const untilPageReady = async (label: string, page: Page) => {
    try {
      await page.locator('[data-testid="camera-preview-state"][data-ready="true"]').waitFor({ timeout: STANDBY_TIMEOUT_MS });
    } catch (error) {
      const alerts = await page.getByRole('alert').allInnerTexts().catch(() => []);
      const state = await page.getByTestId('camera-preview-state').allInnerTexts().catch(() => []);
      // The page's own milestones (join steps, media), in ms before now.
      const now = Date.now();
      const marks = await pageMilestones(page).catch(() => ({}));
      const steps = Object.entries(marks).map(([name, at]) => `${name} ${Math.round(now - at)} ms ago`);
      throw new Error(
        `${label}'s camera preview not ready at ${page.url()}: state ${JSON.stringify(state)}, alerts ${JSON.stringify(alerts)}, milestones [${steps.join(', ')}], console:\n${(consoleTails.get(page) ?? []).join('\n')}`,
        { cause: error },
      );
    }
  };
  return {
    untilReady: async () => {
      await Promise.all(Object.entries(pages).map(([label, page]) => untilPageReady(label, page)));
    },
  };
}
