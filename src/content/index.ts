import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectPlatform } from '../platforms/detect';
import { send } from '../messaging/client';

/** The page runtime shared by both web UI families. */
export async function runContent(ctx: ContentScriptContext, doc: Document = document): Promise<void> {
  const platform = detectPlatform(doc);
  if (!platform) return;
  const { instance } = await send({ type: 'content:hello', platform, url: location.href });
  if (!instance || ctx.isInvalid) return;
  // A mark that tools, user styles and tests can read: Breakwater runs on this page.
  doc.documentElement.setAttribute('data-breakwater', platform);
}
