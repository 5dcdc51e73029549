/**
 * Seeded moderation data for misskey-a.test: about a hundred open abuse reports about one wave's
 * spammers (as local users would file them from the note menu during a wave) mixed with eight
 * genuine reports about legitimate accounts that a moderator must not close in bulk.
 */
import type { GenPost } from '../generator/types';
import { authorOf, type SimUser } from './directory';
import { hash32 } from './ids';
import type { AbuseReport, World } from './world';

export const SEEDED_SPAM_REPORTS = 100;
export const SEEDED_GENUINE_REPORTS = 8;

export function seedsReports(domain: string): boolean {
  return domain.startsWith('misskey-a.');
}

const SPAM_COMMENTS = [
  'スパムです',
  'スパムです。ランダムなIDで大量のメンションと同じ宣伝リンクを投稿しています。',
  'メンションスパム',
  'Spam: mass mentions with the same link',
  '知らないアカウントから画像付きのメンションが何度も来ます',
  'spam',
  'Another one from the spam wave. Please suspend.',
  'スパム(荒らし共栄圏?)',
];

const GENUINE_COMMENTS = [
  '同じ人に何度も攻撃的なリプライを送っています。',
  'Impersonating our admin in their display name and bio.',
  'センシティブな画像をCWなしで繰り返し投稿しています',
  'This account keeps posting someone else’s personal address.',
  '差別的な発言を繰り返しています',
  'Harassing a user who already blocked them, from a new account.',
  '著作権侵害の画像を転載しています',
  'Threats in replies, see the linked note.',
];

function noteLines(world: World, post: GenPost | undefined): string {
  if (!post) return '';
  const id = world.noteId(post);
  const author = authorOf(world.dir, post);
  const remote = author.host !== null ? `Note: ${world.dir.base}/notes/${id}\n` : '';
  return `${remote}Local Note: ${world.dir.base}/notes/${id}\n-----\n`;
}

export function seedReports(world: World): AbuseReport[] {
  const dir = world.dir;
  const reporters = ['alice', 'bob', 'carol', 'dave', 'erin']
    .map((n) => dir.localByUsername.get(n))
    .filter((u): u is SimUser => !!u);
  const waves = dir.scenario.options.waves;
  const spamPosts = dir.known.filter((p) => p.label === 'spam' && (waves.length === 0 || p.wave === waves[0]!.id));
  const spamAuthors: SimUser[] = [];
  for (const p of spamPosts) {
    const u = authorOf(dir, p);
    if (!spamAuthors.includes(u)) spamAuthors.push(u);
  }
  const created: AbuseReport[] = [];
  const add = (reporter: SimUser, target: SimUser, at: number, comment: string, truth: AbuseReport['truth']): void => {
    const r: AbuseReport = {
      id: world.newId(at),
      createdAt: at,
      comment,
      reporterId: reporter.id,
      targetUserId: target.id,
      resolved: false,
      resolvedAs: null,
      assigneeId: null,
      forwarded: false,
      moderationNote: '',
      truth,
    };
    world.reports.push(r);
    created.push(r);
  };
  if (spamAuthors.length > 0 && reporters.length > 0) {
    for (let i = 0; i < SEEDED_SPAM_REPORTS; i++) {
      const post = spamPosts[(i * 7) % spamPosts.length]!;
      const target = authorOf(dir, post);
      const reporter = reporters[hash32(`rep:${i}`) % reporters.length]!;
      const comment = SPAM_COMMENTS[hash32(`c:${i}`) % SPAM_COMMENTS.length]!;
      const fromMenu = i % 3 !== 0;
      add(
        reporter,
        target,
        post.createdAt + 30_000 + (hash32(`t:${i}`) % 600_000),
        (fromMenu ? noteLines(world, post) : '') + comment,
        'spam-wave',
      );
    }
  }
  const legit = dir.known
    .filter((p) => p.label === 'legit' && authorOf(dir, p).host !== null)
    .map((p) => authorOf(dir, p))
    .filter((u, i, all) => all.indexOf(u) === i)
    .sort((a, b) => Number(!!b.account.hardCase) - Number(!!a.account.hardCase) || a.index - b.index);
  for (let i = 0; i < SEEDED_GENUINE_REPORTS && legit.length > 0 && reporters.length > 0; i++) {
    const target = legit[i % legit.length]!;
    const post = dir.known.find((p) => p.author === target.acct);
    const reporter = reporters[(i + 2) % reporters.length]!;
    const at = dir.scenario.options.start + (hash32(`g:${i}`) % Math.max(1, dir.scenario.options.durationMs));
    add(reporter, target, at, noteLines(world, post) + GENUINE_COMMENTS[i % GENUINE_COMMENTS.length]!, 'genuine');
  }
  return created;
}
