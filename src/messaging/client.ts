import { browser } from 'wxt/browser';
import { isRefusal, type MessageType, type Request, type Response } from './protocol';

/** The background refused a message (malformed, too large, or not allowed from this sender). */
export class RefusedError extends Error {
  override name = 'RefusedError';
}

/** Sends a typed message to the background and returns its typed answer. */
export async function send<T extends MessageType>(msg: Request<T>): Promise<Response<T>> {
  const res: unknown = await browser.runtime.sendMessage(msg);
  if (isRefusal(res)) throw new RefusedError(`${msg.type} refused: ${res.message}`);
  if (res === null || res === undefined) throw new RefusedError(`${msg.type}: no answer from the background`);
  return res as Response<T>;
}
