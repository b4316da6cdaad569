// With E2E_TRACE=1 every workbench step leaves a screenshot, numbered in order, in the test's results folder;
// the only way to watch a headless run after the fact.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const tracing = process.env.E2E_TRACE === '1';

const traceDirs = new WeakMap<BrowserContext, { dir: string; step: number }>();

/** Screenshots of steps taken in `context` go to `dir` (when tracing). */
export function traceInto(context: BrowserContext, dir: string): void {
  traceDirs.set(context, { dir, step: 0 });
}

/** Records a screenshot named after the step; does nothing unless tracing, and never fails the test. */
export async function traceStep(page: Page, step: string): Promise<void> {
  const trace = tracing ? traceDirs.get(page.context()) : undefined;
  if (!trace) return;
  trace.step += 1;
  const name = `${String(trace.step).padStart(3, '0')}-${step.replace(/[^\w.-]+/g, '-').slice(0, 60)}.png`;
  fs.mkdirSync(trace.dir, { recursive: true });
  await page.screenshot({ path: path.join(trace.dir, name), timeout: 5000 }).catch(() => undefined);
}
