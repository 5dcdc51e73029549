import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { PRUNE_ALARM, startBackground } from '../../../src/background';
import { db } from '../../../src/storage/db';
import { addInstances, A, pageSender, spamPost, tabSender, Tabs } from './helpers';

/** The service worker's start: listeners registered at once, the restore started, pruning scheduled. */

let tabs: Tabs;
beforeEach(() => {
  fakeBrowser.reset();
  tabs = new Tabs();
  tabs.open(1, `${A.origin}/home`);
});
afterEach(async () => {
  await db().delete();
});

test('a start wires messages, closed tabs, the suspend flush and the pruning alarm', async () => {
  await addInstances(db());
  const bg = startBackground();
  await bg.host.start();
  expect(await fakeBrowser.alarms.get(PRUNE_ALARM)).toMatchObject({ periodInMinutes: 30 });

  // A message reaches the router through runtime.onMessage.
  const [answer] = await fakeBrowser.runtime.onMessage.trigger({ type: 'ui:status' }, pageSender());
  expect(answer).toMatchObject({ engine: 'ready' });
  await fakeBrowser.runtime.onMessage.trigger(
    { type: 'content:posts', posts: [spamPost(0, A.domain)] },
    tabSender(1, A.origin),
  );
  expect(bg.host.tabs.tabsOfPost(`${A.domain}/s0`)).toEqual([1]);

  // A closed tab is forgotten.
  await fakeBrowser.tabs.onRemoved.trigger(1, { windowId: 1, isWindowClosing: false });
  expect(bg.host.tabs.tabsOfPost(`${A.domain}/s0`)).toBeUndefined();

  // Chrome's goodbye writes what is pending.
  expect(bg.host.status().unsavedEngineChanges).toBe(true);
  await fakeBrowser.runtime.onSuspend.trigger();
  await vi.waitFor(() => expect(bg.host.status()).toMatchObject({ pending: 0, unsavedEngineChanges: false }));
  expect(await db().posts.count()).toBe(1);

  // The alarm prunes.
  const run = vi.spyOn(bg.pruner, 'run');
  await fakeBrowser.alarms.onAlarm.trigger({ name: PRUNE_ALARM, scheduledTime: Date.now() });
  expect(run).toHaveBeenCalledOnce();
  await run.mock.results[0]!.value;
  bg.host.dispose();
});
