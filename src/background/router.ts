import type { Browser } from 'wxt/browser';
import type { MessageType, Refusal, Response } from '../messaging/protocol';
import { validatePosts, validateRequest, type ValidRequest } from '../messaging/validate';
import { backupFilename, exportBackup, importBackup } from '../storage/backup';
import type { BreakwaterDB } from '../storage/db';
import { readHealth } from '../storage/health';
import { instanceOfOrigin, instanceView, listInstances, setLogin } from '../storage/instances';
import type { InstanceRow } from '../storage/schema';
import { putToken } from '../storage/tokens';
import type { EngineHost } from './engine-host';
import { controlRoomHandlers, type ControlRoomDeps } from './control-room';
import type { AddResult } from './instances';
import { moderatorSignIn, type ModeratorSignIn } from './oauth';
import type { QueueApi } from './queue/api';
import type { RuleHitCounter } from './rule-hits';
import { triageHandlers } from './triage';
import { fromExtensionPage, senderOrigin } from './sender';

/**
 * The background's message handler: checks who sent a message (`ui:` only from Breakwater's own
 * pages, `content:` only from tabs of added instances), validates its shape and sizes, then acts.
 * Anything refused gets a `Refusal` answer; no answer ever contains a token.
 */
export interface RouterDeps {
  db: BreakwaterDB;
  host: EngineHost;
  addInstance: (domain: string) => Promise<AddResult>;
  removeInstance: (domain: string) => Promise<void>;
  /** The action queue (issue 5); its messages are refused while it is absent. */
  queue?: QueueApi;
  /** Sign-in flows and the rest of the options page's and popup's needs (./control-room.ts). */
  controlRoom?: Omit<ControlRoomDeps, 'db' | 'host'>;
  /** Counts how often each rule fired (./rule-hits.ts). */
  ruleHits?: RuleHitCounter;
  /** Moderator sign-in from a page (issue 6, ./oauth.ts); the service worker's shared one by default. */
  signIn?: ModeratorSignIn;
  now?: () => number;
}

const refuse = (message: string): Refusal => ({ refused: true, message });

interface Ctx {
  instance: InstanceRow;
  tabId: number;
}
type UiType = Extract<MessageType, `ui:${string}`>;
type ContentType = Extract<MessageType, `content:${string}`>;
type Handlers = { [T in UiType]: (msg: ValidRequest<T>) => Promise<Response<T> | Refusal> } & {
  [T in ContentType]: (msg: ValidRequest<T>, ctx: Ctx) => Promise<Response<T> | Refusal>;
};

export function createRouter(deps: RouterDeps) {
  const { db: d, host } = deps;
  const now = deps.now ?? Date.now;
  const noQueue = refuse('the action queue is not running');
  const ownInstance = (req: { instance: string }, instance: InstanceRow) =>
    req.instance === instance.domain ? null : refuse(`a tab of ${instance.domain} may only act on ${instance.domain}`);

  const handlers: Handlers = {
    'ui:addInstance': (msg) => deps.addInstance(msg.domain),
    'ui:removeInstance': async (msg) => {
      await deps.removeInstance(msg.domain);
      return { ok: true };
    },
    'ui:listInstances': () => listInstances(d),
    'ui:decide': (msg) => host.decide(msg.decision, msg.post ?? null, null),
    'ui:status': async () => {
      // After a restart, answer once restored: the status then tells how long the restore took.
      await host.start();
      return { ...host.status(), health: await readHealth().catch(() => host.status().health) };
    },
    'ui:exportBackup': async () => {
      await host.flush();
      return { ok: true, json: await exportBackup(d, now()), filename: backupFilename(now()) };
    },
    'ui:importBackup': async (msg) => {
      await host.flush();
      const res = await importBackup(msg.text, d);
      if (!res.ok) return res;
      const { taught, ...rest } = res;
      return { ...rest, taught: await host.teach(taught) };
    },
    'ui:rulesChanged': () => host.loadRules(),
    'content:hello': async (_msg, { instance }) => ({ instance: instanceView(instance) }),
    'content:posts': async (msg, { instance, tabId }) => {
      const { posts, rejected } = validatePosts(msg.posts, instance.domain);
      if (instance.settings.paused || !posts.length) return { verdicts: [], updated: [], waves: [], rejected };
      const judged = await host.ingest(posts, tabId);
      deps.ruleHits?.note(judged.verdicts);
      return { ...judged, rejected };
    },
    'content:decide': async (msg, { instance, tabId }) => {
      if (msg.post.key !== msg.decision.postKey) return refuse('the decision is not about the post sent with it');
      const { posts, rejected } = validatePosts([msg.post], instance.domain);
      if (!posts[0]) return refuse(rejected[0]?.reason ?? 'invalid post');
      return host.decide(msg.decision, posts[0], tabId);
    },
    'content:token': async (msg, { instance }) => {
      await putToken({ instance: instance.domain, source: 'page', token: msg.token, account: msg.account }, now(), d);
      if (instance.login.kind === 'none') {
        const login = { kind: 'page' as const, account: msg.account, accountId: null, checkedAt: now() };
        await setLogin(instance.domain, login, instance.role, instance.capabilities, d);
      }
      // Never echo the token, not even in part.
      return { ok: true };
    },
    // The action queue (issue 5): a tab only plans, enqueues and controls batches of its own instance.
    'ui:planBatch': async (msg) => (deps.queue ? deps.queue.plan(msg.req) : noQueue),
    'ui:enqueueBatch': async (msg) => (deps.queue ? deps.queue.enqueue(msg.req) : noQueue),
    'ui:batchControl': async (msg) => (deps.queue ? deps.queue.control(msg.req.batchId, msg.req.op) : noQueue),
    'ui:undoBatch': async (msg) => (deps.queue ? deps.queue.undo(msg.req.batchId) : noQueue),
    'ui:listBatches': async (msg) => (deps.queue ? deps.queue.list(msg.req.limit) : noQueue),
    'content:planBatch': async (msg, { instance }) =>
      ownInstance(msg.req, instance) ?? (deps.queue ? deps.queue.plan(msg.req) : noQueue),
    'content:enqueueBatch': async (msg, { instance }) =>
      ownInstance(msg.req, instance) ?? (deps.queue ? deps.queue.enqueue(msg.req) : noQueue),
    'content:batchControl': async (msg, { instance }) =>
      deps.queue ? deps.queue.control(msg.req.batchId, msg.req.op, instance.domain) : noQueue,
    'content:undoBatch': async (msg, { instance }) =>
      deps.queue ? deps.queue.undo(msg.req.batchId, instance.domain) : noQueue,
    // Moderator sign-in from the overlay, and the reports a moderator action links (issue 6).
    'content:signIn': async (_msg, { instance, tabId }) =>
      (deps.signIn ?? moderatorSignIn()).start(instance.domain, tabId),
    'content:signInCode': async (msg, { instance, tabId }) =>
      (deps.signIn ?? moderatorSignIn()).complete(instance, tabId, msg.code),
    'content:openReports': async (msg, { instance }) => {
      const signIn = deps.signIn ?? moderatorSignIn();
      if (instance.platform !== 'misskey') return { reports: await signIn.openReports(instance, msg.accountIds) };
      // Misskey's "Resolve reports" takes every open report about the accounts.
      const all = await signIn.reportLists(instance, msg.accountIds);
      return { reports: Object.fromEntries(Object.entries(all).map(([id, r]) => [id, r[0]!])), all };
    },
    // Shared lists, sign-in, the popup's tab counts (issue 8).
    ...controlRoomHandlers({ ...deps.controlRoom, db: d, host, now }),
    // Moderator triage (issue 9): the moderation queues, grouped by wave.
    ...triageHandlers({ db: d, now }),
  };

  /** Handles one runtime message; the answer is what `send()` resolves with. */
  return async function route(raw: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> {
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type !== 'string') return refuse('not a Breakwater message');
    if (type.startsWith('ui:')) {
      if (!fromExtensionPage(sender))
        return refuse(`${type.slice(0, 64)} is only accepted from Breakwater's own pages`);
      const v = validateRequest(raw);
      if (!v.ok) return refuse(v.message);
      const handler = handlers[v.value.type as UiType] as (m: unknown) => Promise<unknown>;
      return handler(v.value);
    }
    if (type.startsWith('content:')) {
      const origin = senderOrigin(sender);
      const instance = origin ? await instanceOfOrigin(origin, d) : null;
      if (!instance || sender.tab?.id === undefined)
        return refuse(`${type.slice(0, 64)} is only accepted from tabs of added instances`);
      const v = validateRequest(raw);
      if (!v.ok) return refuse(v.message);
      const handler = handlers[v.value.type as ContentType] as (m: unknown, c: Ctx) => Promise<unknown>;
      return handler(v.value, { instance, tabId: sender.tab.id });
    }
    return refuse('not a Breakwater message');
  };
}

export type Route = ReturnType<typeof createRouter>;
