import { browser } from 'wxt/browser';
import type { Engine } from '../core/engine-api';
import { createEngine } from '../core/engine';
import type { BgMessage } from '../messaging/protocol';
import { db as sharedDb, type BreakwaterDB } from '../storage/db';
import { writeHealth, type StorageHealth } from '../storage/health';
import { EngineHost } from './engine-host';
import { addInstance, removeInstance, syncContentScripts } from './instances';
import { Pruner } from './maintenance';
import { moderatorSignIn } from './oauth';
import { createRouter, type Route, type RouterDeps } from './router';
import { RuleHitCounter } from './rule-hits';
import { listDeps } from './control-room';
import { completePendingAdd, singleFlight } from './pending-add';
import { scheduleListUpdates } from './subscriptions';
import { startActionQueue } from './queue';

export { fromExtensionPage, senderOrigin } from './sender';

/**
 * The background service worker. Chrome stops it whenever it is idle and starts it again on the
 * next message: `startBackground` runs on every start, registers its listeners at once (as MV3
 * requires) and restores the engine from the store before answering any request.
 */

/** Adding an instance, one at a time per domain (the popup and a granted permission may both ask). */
const addOnce = singleFlight((domain: string) => addInstance(domain));

export const PRUNE_ALARM = 'breakwater:prune';

export interface BackgroundDeps {
  db: BreakwaterDB;
  engine: Engine;
  push: (tabId: number, msg: BgMessage) => Promise<unknown>;
  tabsOfInstance?: (instance: string) => Promise<number[]>;
  onHealth?: (h: StorageHealth) => unknown;
  addInstance?: RouterDeps['addInstance'];
  removeInstance?: RouterDeps['removeInstance'];
  /** Sign-in flows, list fetching (issue 8). */
  controlRoom?: RouterDeps['controlRoom'];
  /** The action queue (issue 5): its messages are refused without it. */
  queue?: RouterDeps['queue'];
  flushDelayMs?: number;
  recordsDelayMs?: number;
  now?: () => number;
}

export interface Background {
  host: EngineHost;
  route: Route;
  pruner: Pruner;
  ruleHits: RuleHitCounter;
}

/**
 * Everything one service-worker life holds, built from its parts. Tests build two of these on
 * the same database to play a service worker stopped and started again.
 */
export function createBackground(deps: BackgroundDeps): Background {
  const pruner = new Pruner(deps.db);
  const host = new EngineHost({
    db: deps.db,
    engine: deps.engine,
    push: deps.push,
    tabsOfInstance: deps.tabsOfInstance,
    onHealth: deps.onHealth,
    onQuota: () => pruner.run(),
    flushDelayMs: deps.flushDelayMs,
    recordsDelayMs: deps.recordsDelayMs,
    now: deps.now,
  });
  const ruleHits = new RuleHitCounter(deps.db);
  const route = createRouter({
    db: deps.db,
    host,
    addInstance: deps.addInstance ?? addOnce,
    removeInstance: deps.removeInstance ?? removeInstance,
    controlRoom: deps.controlRoom,
    queue: deps.queue,
    ruleHits,
    now: deps.now,
  });
  return { host, route, pruner, ruleHits };
}

/** Tabs open on an added instance's pages. */
async function tabsOfInstance(d: BreakwaterDB, instance: string): Promise<number[]> {
  const row = await d.instances.get(instance);
  if (!row) return [];
  const tabs = await browser.tabs.query({});
  return tabs.filter((t) => t.id !== undefined && t.url?.startsWith(`${row.origin}/`)).map((t) => t.id!);
}

export function startBackground(): Background {
  const d = sharedDb();
  const bg = createBackground({
    db: d,
    // The wall clock bounds the engine's: posts dated more than an hour ahead (made-up dates) count
    // as dated then, so they cannot move its clock (docs/engine.md, "Hostile input").
    engine: createEngine({ wallClock: Date.now }),
    push: (tabId, msg) => browser.tabs.sendMessage(tabId, msg),
    tabsOfInstance: (instance) => tabsOfInstance(d, instance),
    onHealth: (h) => writeHealth(h).catch(() => {}),
    // Resumes at once: actions in flight when the last life ended are checked before a retry.
    queue: startActionQueue(d),
    // Moderator sign-in (issue 6, ./oauth.ts) for the options page too; the overlay's share it.
    controlRoom: {
      signIn: (domain) => moderatorSignIn().signIn(domain),
      revoke: (domain) => moderatorSignIn().revoke(domain),
    },
  });
  // Restore now: the first verdict after a restart waits only for this.
  void bg.host.start();
  browser.runtime.onMessage.addListener((msg, sender) => bg.route(msg, sender));
  browser.tabs.onRemoved.addListener((tabId) => bg.host.forgetTab(tabId));
  // A sign-in tab closed before the code came: the sign-in was refused.
  browser.tabs.onRemoved.addListener((tabId) => void moderatorSignIn().tabClosed(tabId));
  // Chrome may say goodbye before stopping the worker; whatever is pending is written then.
  browser.runtime.onSuspend?.addListener(() => void bg.host.flush());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PRUNE_ALARM) void bg.pruner.run();
  });
  void browser.alarms.get(PRUNE_ALARM).then((a) => {
    if (!a) void browser.alarms.create(PRUNE_ALARM, { delayInMinutes: 1, periodInMinutes: 30 });
  });
  // Shared rule lists: fetched again when due (issue 8).
  scheduleListUpdates(listDeps({ db: d, host: bg.host }));
  // The popup's one-click add, finished here if the permission prompt closed the popup (issue 8).
  // (wxt's fakeBrowser, used by the unit tests, has no permission events.)
  try {
    browser.permissions.onAdded.addListener(
      (p) => void completePendingAdd(p, browser.storage.session, addOnce).catch(() => {}),
    );
  } catch (e) {
    console.warn('Breakwater: no permissions.onAdded', e);
  }
  browser.runtime.onInstalled.addListener(() => void syncContentScripts());
  browser.runtime.onStartup.addListener(() => void syncContentScripts());
  return bg;
}
