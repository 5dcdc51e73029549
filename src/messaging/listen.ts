import * as v from 'valibot';
import { browser, type Browser } from 'wxt/browser';
import { LoginPushSchema } from './overlay';
import type { BgMessage, BgType } from './protocol';
import { BatchProgressMessageSchema } from './queue';
import { VerdictSchema, WaveSummarySchema } from './validate';

/**
 * The content script's side of the `bg:` pushes: a typed listener that accepts only messages from
 * Breakwater's own background, of a known type and shape.
 */

const BgSchemas = {
  'bg:verdicts': v.object({
    type: v.literal('bg:verdicts'),
    verdicts: v.pipe(v.array(VerdictSchema), v.maxLength(5_000)),
  }),
  'bg:waves': v.object({ type: v.literal('bg:waves'), waves: v.pipe(v.array(WaveSummarySchema), v.maxLength(5_000)) }),
  'bg:instanceRemoved': v.object({ type: v.literal('bg:instanceRemoved') }),
  'bg:batchProgress': BatchProgressMessageSchema,
  'bg:login': LoginPushSchema,
} as const;

export type BgHandlers = { [T in BgType]?: (msg: BgMessage<T>) => void };

/** Parses a push; null when it is not one of ours. */
export function parseBgMessage(msg: unknown, sender: Browser.runtime.MessageSender): BgMessage | null {
  // From the background: our extension's id and no tab (a tab's sender would be a content script).
  if (sender.id !== browser.runtime.id || sender.tab) return null;
  const type = (msg as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(BgSchemas, type)) return null;
  const r = v.safeParse(BgSchemas[type as BgType], msg);
  return r.success ? (r.output as BgMessage) : null;
}

/** Listens for `bg:` pushes until `signal` aborts (e.g. WXT's `ctx.signal`); returns the remover. */
export function onBackgroundMessage(handlers: BgHandlers, signal?: AbortSignal): () => void {
  const listener = (msg: unknown, sender: Browser.runtime.MessageSender) => {
    const parsed = parseBgMessage(msg, sender);
    if (!parsed) return undefined;
    (handlers[parsed.type] as ((m: BgMessage) => void) | undefined)?.(parsed);
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  const remove = () => browser.runtime.onMessage.removeListener(listener);
  signal?.addEventListener('abort', remove, { once: true });
  return remove;
}
