import { expect, test } from 'vitest';
import { language } from '../../../../src/core/heuristics/language';
import { post } from '../helpers';
import { fire } from './run';

test.each([
  [
    'spam: tagged en, written in Japanese',
    'en',
    '日本最大級のコミュニティに今すぐ参加しよう！限定特典をプレゼント',
    true,
  ],
  ['spam: tagged ja, written in English', 'ja', 'Claim your free ETH airdrop before it ends, limited spots left', true],
  ['legit: Japanese tagged ja', 'ja', '今日は朝から雨ですね。傘を忘れずに！お気をつけて', false],
  ['legit: English tagged en', 'en', 'The sun is out and the coffee is hot this morning', false],
  [
    'legit: Japanese post with an English brand name',
    'ja',
    'Mastodonのサーバーを新しく立てました。よろしくお願いします',
    false,
  ],
  ['legit: no language given', null, '日本最大級のコミュニティに今すぐ参加しよう！', false],
  ['legit: too short to judge', 'en', 'はい', false],
])('%s', (_name, lang, text, fires) => {
  expect(fire(language, post({ language: lang, text })) !== null).toBe(fires);
});
