import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { send } from '../messaging/client';
import { onBackgroundMessage } from '../messaging/listen';
import { detectPlatform } from '../platforms/detect';
import type { PlatformAdapter } from '../platforms/types';
import { mastodonAdapter } from '../platforms/mastodon/adapter';
import { misskeyAdapter } from '../platforms/misskey/adapter';
import { PageRuntime, type RuntimeApi } from './runtime';
import { isTestBuild } from './test-build';

/** The adapters of the web UI families; everything else in the runtime is shared. */
const ADAPTERS: Partial<Record<string, PlatformAdapter>> = { mastodon: mastodonAdapter, misskey: misskeyAdapter };

/** The runtime's calls, as messages to the background. */
export const messagingApi: RuntimeApi = {
  posts: (posts) => send({ type: 'content:posts', posts }),
  decide: (decision, post) => send({ type: 'content:decide', decision, post }),
  token: (token, account) => send({ type: 'content:token', token, account }),
  plan: (req) => send({ type: 'content:planBatch', req }),
  enqueue: (req) => send({ type: 'content:enqueueBatch', req }),
  control: (batchId, op) => send({ type: 'content:batchControl', req: { batchId, op } }),
  undo: (batchId) => send({ type: 'content:undoBatch', req: { batchId } }),
  signIn: () => send({ type: 'content:signIn' }),
  openReports: async (accountIds) => (await send({ type: 'content:openReports', accountIds })).reports,
  reportLists: async (accountIds) => (await send({ type: 'content:openReports', accountIds })).all ?? {},
};

/** The page runtime shared by both web UI families. */
export async function runContent(ctx: ContentScriptContext, doc: Document = document): Promise<void> {
  const url = new URL(location.href);
  // The end of "Sign in as moderator": the instance shows the code; the background checks that
  // this tab is the one its flow opened.
  for (const adapter of Object.values(ADAPTERS)) {
    const code = adapter?.readSignInCode(doc, url);
    if (code) {
      await send({ type: 'content:signInCode', code }).catch(() => {});
      return;
    }
  }
  const platform = detectPlatform(doc);
  if (!platform) return;
  const { instance } = await send({ type: 'content:hello', platform, url: location.href });
  if (!instance || ctx.isInvalid) return;
  // A mark that tools, user styles and tests can read: Breakwater runs on this page.
  doc.documentElement.setAttribute('data-breakwater', platform);
  const adapter = ADAPTERS[platform];
  const session = adapter?.readSession(doc);
  if (!adapter || !session || instance.settings.paused) return;

  const runtime = new PageRuntime({
    adapter,
    doc,
    win: window,
    instance,
    session,
    api: messagingApi,
    onNavigate: (fn) => ctx.addEventListener(window, 'wxt:locationchange', fn),
  });
  const stop = () => {
    runtime.dispose();
    doc.documentElement.removeAttribute('data-breakwater');
  };
  ctx.onInvalidated(stop);
  onBackgroundMessage(
    {
      'bg:verdicts': (m) => m.verdicts.forEach((v) => runtime.setVerdict(v)),
      'bg:waves': (m) => runtime.model.setWaves(m.waves),
      'bg:batchProgress': (m) => runtime.onBatchProgress(m.progress),
      'bg:login': (m) => runtime.onLogin(m.login, m.capabilities),
      'bg:instanceRemoved': () => stop(),
    },
    ctx.signal,
  );
  // Counters for the benchmarks and the end-to-end tests (numbers only, nothing of the page's data):
  // ask with a `breakwater:stats` event on document, the answer comes as `breakwater:stats-answer`.
  // The page can send and read DOM events, so only the test build listens (./test-build.ts).
  if (isTestBuild()) {
    ctx.addEventListener(doc, 'breakwater:stats', () => {
      const stats = { ...runtime.stats, bridge: runtime.bridge.stats, lookup: runtime.lookup.stats };
      doc.dispatchEvent(new CustomEvent('breakwater:stats-answer', { detail: JSON.stringify(stats) }));
    });
  }
  doc.documentElement.setAttribute('data-breakwater-ready', '1');
}
