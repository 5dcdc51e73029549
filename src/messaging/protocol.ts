/**
 * Messages between Breakwater's parts. Names carry their direction:
 * `content:` content script to background, `ui:` popup/options to background, `bg:` background to
 * a content script. Everything is validated on receipt (see ./validate.ts): the background never
 * trusts the shape of what a content script sends.
 */
import type { PlatformKind } from '../core/model';
import type { InstanceRow } from '../storage/db';
import type { AddResult } from '../background/instances';

export interface Messages {
  'ui:addInstance': { req: { domain: string }; res: AddResult };
  'ui:removeInstance': { req: { domain: string }; res: { ok: true } };
  'ui:listInstances': { req: object; res: InstanceRow[] };
  'content:hello': { req: { platform: PlatformKind; url: string }; res: { instance: InstanceRow | null } };
}

export type MessageType = keyof Messages;
export type Request<T extends MessageType> = { type: T } & Messages[T]['req'];
export type Response<T extends MessageType> = Messages[T]['res'];
