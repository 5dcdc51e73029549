import { browser } from 'wxt/browser';
import type { BatchProgress } from '../../core/queue/types';
import type { BgMessage } from '../../messaging/protocol';
import type { BreakwaterDB } from '../../storage/db';
import { reportProblem } from '../../storage/health';
import { ActionQueue, type QueueDeps } from './service';

export { ActionQueue } from './service';
export type { QueueApi } from './api';

/** Wakes the worker for a wait longer than it lives (Chrome stops an idle worker after 30 s). */
export const QUEUE_ALARM = 'breakwater:queue';
/** While requests are being sent, an extension API call this often keeps the worker alive. */
const KEEP_ALIVE_MS = 20_000;

/** Tabs open on an instance's pages. */
async function tabsOf(d: BreakwaterDB, instance: string): Promise<number[]> {
  const row = await d.instances.get(instance);
  if (!row) return [];
  const tabs = await browser.tabs.query({}).catch(() => []);
  return tabs.filter((t) => t.id !== undefined && t.url?.startsWith(`${row.origin}/`)).map((t) => t.id!);
}

/** Progress goes to every tab of the batch's instance and to the extension's own pages. */
export function pushProgress(d: BreakwaterDB, progress: BatchProgress): void {
  const msg: BgMessage<'bg:batchProgress'> = { type: 'bg:batchProgress', progress };
  void tabsOf(d, progress.instance).then((ids) => {
    for (const id of ids) void browser.tabs.sendMessage(id, msg).catch(() => {});
  });
  // Popup and options pages (no receiver when none is open: that is fine).
  void browser.runtime.sendMessage(msg).catch(() => {});
}

/**
 * The queue of this service-worker life, with the browser's parts: alarms to wake after a long
 * wait, a keep-alive while it works, pushes to tabs and pages. It resumes at once (an action that
 * was in flight when the previous life ended is checked first).
 */
export function startActionQueue(d: BreakwaterDB, over: Partial<QueueDeps> = {}): ActionQueue {
  let keepAlive: ReturnType<typeof setInterval> | null = null;
  let problem: 'full' | 'error' = 'full';
  const queue = new ActionQueue({
    db: d,
    // The store's problems go where the options page shows them (browser.storage.local).
    onStoreError: (p) => {
      if (p) problem = p.state;
      void reportProblem(p?.state ?? problem, p?.message ?? null).catch(() => undefined);
    },
    push: (p) => pushProgress(d, p),
    setAlarm: (at) => {
      if (at === null) void browser.alarms.clear(QUEUE_ALARM).catch(() => false);
      else void browser.alarms.create(QUEUE_ALARM, { when: at });
    },
    keepAlive: (on) => {
      if (on && !keepAlive)
        keepAlive = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => {}), KEEP_ALIVE_MS);
      else if (!on && keepAlive) {
        clearInterval(keepAlive);
        keepAlive = null;
      }
    },
    ...over,
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === QUEUE_ALARM) void queue.start().then(() => queue.kick());
  });
  void queue.start().catch((e: unknown) => console.error('Breakwater: the action queue failed to start', e));
  return queue;
}
