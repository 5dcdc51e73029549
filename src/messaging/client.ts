import { browser } from 'wxt/browser';
import type { MessageType, Request, Response } from './protocol';

/** Sends a typed message to the background and returns its typed answer. */
export async function send<T extends MessageType>(msg: Request<T>): Promise<Response<T>> {
  return (await browser.runtime.sendMessage(msg)) as Response<T>;
}
