import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { RefusedError, send } from '../../../src/messaging/client';
import { onBackgroundMessage, parseBgMessage } from '../../../src/messaging/listen';
import { verdict } from '../storage/helpers';

beforeEach(() => fakeBrowser.reset());

const fromBackground = () => ({ id: fakeBrowser.runtime.id });

describe('bg: pushes in a content script', () => {
  test.each<[string, unknown, object]>([
    ['from a content script (has a tab)', { type: 'bg:instanceRemoved' }, { id: 'test-extension-id', tab: { id: 1 } }],
    ['from another extension', { type: 'bg:instanceRemoved' }, { id: 'other' }],
    ['of an unknown type', { type: 'bg:runThis', code: '1' }, { id: 'test-extension-id' }],
    ['a content: request', { type: 'content:posts', posts: [] }, { id: 'test-extension-id' }],
    ['with a malformed verdict', { type: 'bg:verdicts', verdicts: [{ postKey: 1 }] }, { id: 'test-extension-id' }],
  ])('a message %s is ignored', (_name, msg, sender) => {
    expect(parseBgMessage(msg, sender)).toBeNull();
  });

  test('a typed handler gets valid pushes until the signal aborts', async () => {
    const seen = vi.fn();
    const ctrl = new AbortController();
    onBackgroundMessage({ 'bg:verdicts': (m) => seen(m.verdicts.map((v) => v.postKey)) }, ctrl.signal);
    const msg = { type: 'bg:verdicts', verdicts: [verdict('a.test/1', 'spam', 'w')] };
    await fakeBrowser.runtime.onMessage.trigger(msg, fromBackground());
    await fakeBrowser.runtime.onMessage.trigger({ type: 'bg:waves', waves: [] }, fromBackground());
    expect(seen).toHaveBeenCalledExactlyOnceWith(['a.test/1']);
    ctrl.abort();
    await fakeBrowser.runtime.onMessage.trigger(msg, fromBackground());
    expect(seen).toHaveBeenCalledTimes(1);
  });
});

describe('send()', () => {
  test('returns the typed answer, and throws when the background refuses', async () => {
    fakeBrowser.runtime.onMessage.addListener(async (msg: unknown) =>
      (msg as { type: string }).type === 'ui:listInstances' ? [] : { refused: true, message: 'posts: Invalid length' },
    );
    await expect(send({ type: 'ui:listInstances' })).resolves.toEqual([]);
    await expect(send({ type: 'content:posts', posts: [] })).rejects.toThrow(RefusedError);
    await expect(send({ type: 'content:posts', posts: [] })).rejects.toThrow(
      /content:posts refused: posts: Invalid length/,
    );
  });
});
