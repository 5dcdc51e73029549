import { afterEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import type { Post } from '../../../src/core/model';
import { createEngine } from '../../../src/core/engine';
import { createBackground, type Background } from '../../../src/background';
import { parseBgMessage } from '../../../src/messaging/listen';
import type { BgMessage } from '../../../src/messaging/protocol';
import type { BreakwaterDB } from '../../../src/storage/db';
import { saveInstance } from '../../../src/storage/instances';
import { author, post } from '../storage/helpers';

export const T = 1_732_400_000_000;
export const A = { domain: 'mastodon-a.test', origin: 'http://mastodon-a.test', platform: 'mastodon' as const };
export const B = { domain: 'misskey-b.test', origin: 'http://misskey-b.test', platform: 'misskey' as const };

export async function addInstances(d: BreakwaterDB): Promise<void> {
  for (const i of [A, B]) await saveInstance({ ...i, software: i.platform, version: '1' }, T, d);
}

/** One post of a spam wave: the same text and link from a fresh, empty account each time. */
export function spamPost(
  i: number,
  instance: string,
  text = 'Get free crypto now at https://scam.example/x join fast',
): Post {
  return post(`s${i}`, `${text} ${i}`, {
    instance,
    platform: instance === B.domain ? 'misskey' : 'mastodon',
    createdAt: T + i * 1000,
    author: author(`zqxjkvbn${i}`, `spam${i}.test`, {
      createdAt: T - 3_600_000,
      createdAtSource: 'id',
      avatarMissing: true,
      followersCount: 0,
    }),
    links: [{ url: 'https://scam.example/x', host: 'scam.example' }],
  });
}

export function normalPost(i: number, instance: string): Post {
  return post(`n${i}`, `Lovely weather in the park today, number ${i} of my walks`, {
    instance,
    platform: instance === B.domain ? 'misskey' : 'mastodon',
    createdAt: T + i * 1000,
    author: author(`walker${i}`, instance, {
      createdAt: T - 400 * 86_400_000,
      createdAtSource: 'profile',
      followersCount: 120,
    }),
  });
}

/** The sender of a content script message from a tab on an instance. */
export function tabSender(tabId: number, origin: string, path = '/home'): Browser.runtime.MessageSender {
  return { id: fakeBrowser.runtime.id, tab: { id: tabId } as Browser.tabs.Tab, url: `${origin}${path}` };
}

/** The sender of a message from Breakwater's own options page. */
export function pageSender(): Browser.runtime.MessageSender {
  return { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
}

/**
 * Open tabs as the background sees them: `browser.tabs.sendMessage` delivers a push to the tab,
 * which accepts it only as a content script would (parseBgMessage: our background, known shape).
 */
export class Tabs {
  readonly received = new Map<number, BgMessage[]>();
  readonly urls = new Map<number, string>();

  constructor() {
    // fakeBrowser has no tabs.sendMessage: this is the one stub, standing in for delivery.
    (fakeBrowser.tabs as unknown as { sendMessage: unknown }).sendMessage = async (tabId: number, msg: unknown) => {
      if (!this.urls.has(tabId)) throw new Error('Could not establish connection. Receiving end does not exist.');
      const parsed = parseBgMessage(msg, { id: fakeBrowser.runtime.id });
      if (!parsed) throw new Error(`tab ${tabId} refused a push: ${JSON.stringify(msg).slice(0, 200)}`);
      this.received.set(tabId, [...(this.received.get(tabId) ?? []), parsed]);
    };
  }

  open(tabId: number, url: string): void {
    this.urls.set(tabId, url);
  }

  close(tabId: number): void {
    this.urls.delete(tabId);
  }

  push = (tabId: number, msg: BgMessage) => fakeBrowser.tabs.sendMessage(tabId, msg);

  tabsOfInstance = async (origin: string) =>
    [...this.urls].filter(([, url]) => url.startsWith(`${origin}/`)).map(([id]) => id);

  verdictsIn(tabId: number) {
    return (this.received.get(tabId) ?? []).flatMap((m) => (m.type === 'bg:verdicts' ? m.verdicts : []));
  }

  wavesIn(tabId: number) {
    return (this.received.get(tabId) ?? []).flatMap((m) => (m.type === 'bg:waves' ? m.waves : []));
  }
}

let lives: Background[] = [];

/** Stops the timers of every background made by `backgroundOn` after each test (call after useFreshDb). */
export function useBackgrounds(): void {
  afterEach(() => {
    for (const bg of lives) bg.host.dispose();
    lives = [];
  });
}

/** One service worker life on a database (a restart is a second one on the same database). */
export function backgroundOn(
  d: BreakwaterDB,
  tabs: Tabs,
  over: Partial<Parameters<typeof createBackground>[0]> = {},
): Background {
  const bg = createBackground({
    db: d,
    engine: createEngine(),
    push: tabs.push,
    tabsOfInstance: async (instance) => {
      const row = await d.instances.get(instance);
      return row ? tabs.tabsOfInstance(row.origin) : [];
    },
    addInstance: async () => ({ ok: false, code: 'unreachable', message: 'no network in unit tests' }),
    removeInstance: async () => {},
    flushDelayMs: 10,
    ...over,
  });
  lives.push(bg);
  return bg;
}
