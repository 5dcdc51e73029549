import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { isRefusal, type PostsResult } from '../../../src/messaging/protocol';
import { RULES_FORMAT, RULES_VERSION } from '../../../src/core/rules/types';
import { exportBackup } from '../../../src/storage/backup';
import { putRule } from '../../../src/storage/rules';
import { getToken } from '../../../src/storage/tokens';
import { useFreshDb } from '../storage/helpers';
import {
  A,
  addInstances,
  B,
  backgroundOn,
  normalPost,
  pageSender,
  spamPost,
  T,
  tabSender,
  Tabs,
  useBackgrounds,
} from './helpers';

const freshDb = useFreshDb();
useBackgrounds();
let tabs: Tabs;

beforeEach(() => {
  fakeBrowser.reset();
  tabs = new Tabs();
  tabs.open(1, `${A.origin}/home`);
  tabs.open(2, `${B.origin}/timeline`);
});

async function setup() {
  const d = freshDb();
  await addInstances(d);
  return { d, bg: backgroundOn(d, tabs) };
}

describe('who may send what', () => {
  test.each([
    ['ui: from a content script tab', { type: 'ui:listInstances' }, tabSender(1, A.origin)],
    [
      'ui: from another extension',
      { type: 'ui:listInstances' },
      { id: 'other-ext', url: 'chrome-extension://other-ext/x.html' },
    ],
    [
      'ui: from a web page URL',
      { type: 'ui:listInstances' },
      { id: fakeBrowser.runtime.id, url: 'http://mastodon-a.test/' },
    ],
    [
      'content: from a site that is not an added instance',
      { type: 'content:hello', platform: 'mastodon', url: 'http://evil.test/' },
      tabSender(3, 'http://evil.test'),
    ],
    [
      'content: from an instance domain over another scheme',
      { type: 'content:hello', platform: 'mastodon', url: 'https://mastodon-a.test/' },
      tabSender(1, 'https://mastodon-a.test'),
    ],
    [
      'content: from an extension page (no tab)',
      { type: 'content:hello', platform: 'mastodon', url: 'x' },
      pageSender(),
    ],
    [
      'content: from another extension',
      { type: 'content:hello', platform: 'mastodon', url: 'x' },
      { ...tabSender(1, A.origin), id: 'other-ext' },
    ],
    ['an unknown direction', { type: 'bg:verdicts', verdicts: [] }, tabSender(1, A.origin)],
    ['no type', { domain: 'x' }, pageSender()],
    ['not an object', 'ui:listInstances', pageSender()],
  ])('%s is refused', async (_name, msg, sender) => {
    const { bg } = await setup();
    const res = await bg.route(msg, sender as never);
    expect(isRefusal(res)).toBe(true);
  });

  test('ui: from the options page and content: from an instance tab are answered', async () => {
    const { bg } = await setup();
    expect(await bg.route({ type: 'ui:listInstances' }, pageSender())).toHaveLength(2);
    const hello = await bg.route(
      { type: 'content:hello', platform: 'mastodon', url: `${A.origin}/home` },
      tabSender(1, A.origin),
    );
    expect(hello).toMatchObject({ instance: { domain: A.domain, login: { kind: 'none', account: null } } });
  });
});

describe('content:posts', () => {
  test('malformed posts are refused one by one; the rest get verdicts', async () => {
    const { bg } = await setup();
    const good = normalPost(1, A.domain);
    const res = (await bg.route(
      {
        type: 'content:posts',
        posts: [
          good,
          { ...normalPost(2, A.domain), text: 'x'.repeat(20_001) },
          normalPost(3, B.domain), // a post of another instance, sent from tab 1
          { ...normalPost(4, A.domain), key: `${A.domain}/999` }, // key that is not instance/id
          { ...normalPost(5, A.domain), createdAt: Number.NaN },
          good, // twice in one batch
          null,
        ],
      },
      tabSender(1, A.origin),
    )) as PostsResult;
    expect(res.verdicts.map((v) => v.postKey)).toEqual([good.key]);
    expect(res.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(res.rejected[0]!.reason).toMatch(/^text: Invalid length/);
    expect(res.rejected[1]!.reason).toBe(`not a post of ${A.domain}`);
  });

  test('a batch larger than the limit is refused whole', async () => {
    const { bg } = await setup();
    const posts = Array.from({ length: 101 }, (_, i) => normalPost(i, A.domain));
    const res = await bg.route({ type: 'content:posts', posts }, tabSender(1, A.origin));
    expect(isRefusal(res) && res.message).toMatch(/^posts: Invalid length/);
  });

  test('nothing is judged on an instance where Breakwater is paused', async () => {
    const { d, bg } = await setup();
    await d.instances.update(A.domain, { settings: { paused: true } });
    const res = (await bg.route(
      { type: 'content:posts', posts: [spamPost(1, A.domain)] },
      tabSender(1, A.origin),
    )) as PostsResult;
    expect(res.verdicts).toEqual([]);
    await bg.host.flush();
    expect(await d.posts.count()).toBe(0);
  });
});

describe('tokens never leave the background', () => {
  test("the page's token is stored; no answer and no push ever carries it", async () => {
    const { d, bg } = await setup();
    const token = 'PageTokenFromInitialState_0123456789abcdef';
    const answers: unknown[] = [];
    answers.push(await bg.route({ type: 'content:token', token, account: 'mod' }, tabSender(1, A.origin)));
    expect(await getToken(A.domain, 'page', d)).toMatchObject({ token, account: 'mod' });
    expect((await d.instances.get(A.domain))!.login).toMatchObject({ kind: 'page', account: 'mod' });
    // Everything a content script or a page can ask, after the token is stored.
    const spam = spamPost(1, A.domain);
    answers.push(
      await bg.route({ type: 'content:hello', platform: 'mastodon', url: `${A.origin}/` }, tabSender(1, A.origin)),
    );
    answers.push(
      await bg.route({ type: 'content:posts', posts: [spam, spamPost(2, A.domain)] }, tabSender(1, A.origin)),
    );
    answers.push(
      await bg.route(
        { type: 'content:decide', decision: { kind: 'spam', postKey: spam.key, at: T }, post: spam },
        tabSender(1, A.origin),
      ),
    );
    for (const type of ['ui:listInstances', 'ui:status', 'ui:exportBackup'])
      answers.push(await bg.route({ type }, pageSender()));
    answers.push(
      await bg.route({ type: 'ui:decide', decision: { kind: 'not-spam', postKey: spam.key, at: T + 1 } }, pageSender()),
    );
    await bg.host.settled();
    for (const a of [...answers, ...tabs.received.values()]) expect(JSON.stringify(a)).not.toContain(token);
    expect(await exportBackup(d)).not.toContain(token);
  });

  test.each([
    ['too short', 'abc'],
    ['with spaces', 'a token with spaces in it'],
    ['too long', 'x'.repeat(5000)],
    ['not a string', 12345678],
  ])('a token %s is refused', async (_name, token) => {
    const { d, bg } = await setup();
    const res = await bg.route({ type: 'content:token', token, account: null }, tabSender(1, A.origin));
    expect(isRefusal(res)).toBe(true);
    expect(await d.tokens.count()).toBe(0);
  });

  test('a token is only ever stored for the instance of the tab that sent it', async () => {
    const { d, bg } = await setup();
    await bg.route(
      { type: 'content:token', token: 'token-for-b-0123456789', account: null, instance: A.domain },
      tabSender(2, B.origin),
    );
    expect(await getToken(A.domain, undefined, d)).toBeNull();
    expect(await getToken(B.domain, undefined, d)).not.toBeNull();
  });
});

describe('decisions, status, rules and backups through messages', () => {
  test('ui:decide finds the post in memory; an unknown post is answered clearly', async () => {
    const { d, bg } = await setup();
    const spam = spamPost(1, A.domain, 'An offer nobody else sends: https://unique.example');
    await bg.route({ type: 'content:posts', posts: [spam] }, tabSender(1, A.origin));
    const res = await bg.route(
      { type: 'ui:decide', decision: { kind: 'spam', postKey: spam.key, at: T } },
      pageSender(),
    );
    expect(res).toMatchObject({ ok: true, saved: true, verdict: { verdict: 'spam' } });
    expect(await d.decisions.get(spam.key)).toMatchObject({ kind: 'spam' });
    // The tab showing it hears the decided post's new verdict.
    await bg.host.settled();
    expect(tabs.verdictsIn(1)).toEqual([expect.objectContaining({ postKey: spam.key, verdict: 'spam' })]);
    const unknown = await bg.route(
      { type: 'ui:decide', decision: { kind: 'spam', postKey: 'x.test/1', at: T } },
      pageSender(),
    );
    expect(unknown).toMatchObject({ ok: false, code: 'unknown-post' });
  });

  test('content:decide must be about the post it carries', async () => {
    const { bg } = await setup();
    const p = spamPost(1, A.domain);
    const res = await bg.route(
      { type: 'content:decide', decision: { kind: 'spam', postKey: `${A.domain}/other`, at: T }, post: p },
      tabSender(1, A.origin),
    );
    expect(isRefusal(res)).toBe(true);
  });

  test('ui:status tells whether the engine is restored and what waits to be written', async () => {
    const { bg } = await setup();
    await bg.route({ type: 'content:posts', posts: [normalPost(1, A.domain)] }, tabSender(1, A.origin));
    const st = await bg.route({ type: 'ui:status' }, pageSender());
    expect(st).toMatchObject({ engine: 'ready', pending: expect.any(Number), health: { state: 'ok' } });
  });

  test('stored rules reach the engine at start and when the options page says they changed', async () => {
    const { d, bg } = await setup();
    const ruleSet = { format: RULES_FORMAT, version: RULES_VERSION, keywords: [{ text: 'lovely weather', weight: 1 }] };
    await putRule({ id: 'local', rule: ruleSet }, T, d);
    expect(await bg.route({ type: 'ui:rulesChanged' }, pageSender())).toEqual({ ok: true });
    const res = (await bg.route(
      { type: 'content:posts', posts: [normalPost(1, A.domain)] },
      tabSender(1, A.origin),
    )) as PostsResult;
    expect(res.verdicts[0]!.verdict).toBe('spam');
    // A restart: the rule is loaded with the rest of the state.
    const again = backgroundOn(d, tabs);
    const res2 = (await again.route(
      { type: 'content:posts', posts: [normalPost(2, A.domain)] },
      tabSender(1, A.origin),
    )) as PostsResult;
    expect(res2.verdicts[0]!.verdict).toBe('spam');
    // A broken rule set is refused with its errors; the engine keeps the old rules.
    await putRule({ id: 'local', rule: { ...ruleSet, patterns: [{ regex: '(a+)+$' }] } }, T + 1, d);
    const refused = await bg.route({ type: 'ui:rulesChanged' }, pageSender());
    expect(refused).toMatchObject({ ok: false, errors: [expect.stringMatching(/patterns\[0\]\.regex/)] });
  });

  test('a backup exported in one profile teaches its decisions to the engine of another', async () => {
    const src = await setup();
    const spam = spamPost(1, A.domain, 'A very particular scam: https://particular.example/claim');
    await src.bg.route(
      { type: 'content:decide', decision: { kind: 'spam', postKey: spam.key, at: T }, post: spam },
      tabSender(1, A.origin),
    );
    const exported = (await src.bg.route({ type: 'ui:exportBackup' }, pageSender())) as {
      ok: true;
      json: string;
      filename: string;
    };
    expect(exported.filename).toMatch(/^breakwater-backup-\d{4}-\d\d-\d\d\.json$/);

    const dst = await setup();
    const res = await dst.bg.route({ type: 'ui:importBackup', text: exported.json }, pageSender());
    expect(res).toMatchObject({ ok: true, taught: 1 });
    const near = spamPost(7, B.domain, 'A very particular scam: https://particular.example/claim');
    const judged = (await dst.bg.route(
      { type: 'content:posts', posts: [near] },
      tabSender(2, B.origin),
    )) as PostsResult;
    expect(judged.verdicts[0]!.verdict).toBe('spam');
    const broken = await dst.bg.route({ type: 'ui:importBackup', text: exported.json.slice(0, 100) }, pageSender());
    expect(broken).toMatchObject({ ok: false, code: 'not-json' });
  });
});
