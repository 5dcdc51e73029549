/**
 * Seeded moderation queue for the triage features: ~200 open reports about one wave's posts from
 * many reporters, mixed with ~10 genuine unrelated reports; ~60 pending sign-ups from a bot wave
 * (same username pattern, same disposable e-mail domain, same reason text, same IP range) mixed with
 * ~8 genuine ones. Deterministic from the scenario seed and the domain; ground truth kept aside.
 */
import { Rng } from '../generator/prng';
import { snowflake } from './ids';
import type { MastoStore, PendingSignup } from './store';

const SPAM_COMMENTS = [
  '',
  'spam',
  'Spam',
  'Discord spam again',
  'スパムです',
  'mention spam from a fresh account',
  'same image as the others',
  '荒らし',
  'Spam wave, please suspend',
];
const GENUINE = [
  { category: 'other', comment: 'This person keeps replying rudely to everyone in the thread.' },
  { category: 'violation', comment: 'Harassment in replies', rules: ['2'] },
  { category: 'other', comment: 'Possible impersonation of a journalist?' },
  { category: 'legal', comment: 'This image is used without permission.' },
  { category: 'other', comment: 'Misinformation about the outage.' },
  { category: 'spam', comment: 'Looks like an automated account' },
  { category: 'other', comment: '' },
  { category: 'violation', comment: 'Not respectful', rules: ['2'] },
  { category: 'other', comment: 'ちょっと言い方がひどいです' },
  { category: 'other', comment: 'Unmarked spoilers for the finale' },
];

const BOT_REASON = 'I want to join this community and make new friends here.';
const GENUINE_SIGNUPS: { username: string; email: string; reason: string; locale: string }[] = [
  {
    username: 'mika_photo',
    email: 'mika.photo@posteo.example',
    reason: 'I take photos of trains and would like to share them with people nearby.',
    locale: 'en',
  },
  {
    username: 'jonas_k',
    email: 'jonas.k@mailbox.example',
    reason: 'Moving over from another server that is shutting down. I write about cycling.',
    locale: 'de',
  },
  {
    username: 'sakura_t',
    email: 'sakura.t@mail.example.jp',
    reason: '友人に誘われました。読書と料理について投稿したいです。',
    locale: 'ja',
  },
  {
    username: 'q8zt0vbkma',
    email: 'q8zt0vbkma@fastmail.example',
    reason: 'Yes my handle looks random, it is a password-manager habit. I am a sysadmin at a library.',
    locale: 'en',
  },
  {
    username: 'lea_dessine',
    email: 'lea@orange.example',
    reason: 'Illustratrice, je voudrais partager mes dessins.',
    locale: 'fr',
  },
  {
    username: 'pablo_cocina',
    email: 'pablo.cocina@correo.example',
    reason: 'Quiero compartir recetas con la comunidad.',
    locale: 'es',
  },
  {
    username: 'ben_bakes',
    email: 'ben@bakery.example',
    reason: 'Local baker, friend of alice on this server.',
    locale: 'en',
  },
  {
    username: 'yuto',
    email: 'yuto@mail.example.jp',
    reason: 'プログラミングの勉強中です。よろしくお願いします。',
    locale: 'ja',
  },
];

export function seedModeration(store: MastoStore): void {
  const rng = Rng.from(store.scenario.options.seed, `moderation|${store.domain}`);
  const now = store.clock.now();
  // ---------------------------------------------------------------- reports
  const waveIds = [
    ...new Set(store.scenario.posts.filter((p) => p.wave && store.delivered.has(p.id)).map((p) => p.wave!)),
  ];
  const wave = waveIds[0];
  const spamPosts = store.scenario.posts.filter((p) => p.wave === wave && store.delivered.has(p.id));
  const localReporters = Object.values(store.scenario.accounts).filter(
    (a) => a.host === store.domain && a.label === 'legit' && a.username !== 'admin' && a.username !== 'mod',
  );
  const remoteReporters = Object.values(store.scenario.accounts).filter(
    (a) => a.host !== store.domain && a.label === 'legit' && !a.bot && store.knownAccounts.has(a.acct),
  );
  const byAuthor = new Map<string, string[]>();
  for (const p of spamPosts) byAuthor.set(p.author, [...(byAuthor.get(p.author) ?? []), p.id]);
  const targets = [...byAuthor.keys()];
  type Draft = {
    at: number;
    reporter: string;
    target: string;
    postIds: string[];
    comment: string;
    category: string;
    forward: boolean;
    ruleIds: string[];
    label: 'spam' | 'legit';
  };
  const drafts: Draft[] = [];
  for (let i = 0; i < 200 && targets.length; i++) {
    const target = rng.pick(targets);
    const posts = byAuthor.get(target)!;
    const chosen = rng.sample(posts, rng.range(1, Math.min(3, posts.length)));
    const first = Math.min(...chosen.map((id) => store.idx.byId.get(id)!.createdAt));
    const local = rng.chance(0.75) || remoteReporters.length === 0;
    const reporter = local ? rng.pick(localReporters).username : rng.pick(remoteReporters).acct;
    drafts.push({
      at: Math.min(now - 1000, first + rng.range(1, 90) * 60_000),
      reporter,
      target,
      postIds: chosen,
      comment: rng.pick(SPAM_COMMENTS),
      category: rng.chance(0.85) ? 'spam' : 'other',
      forward: !local,
      ruleIds: [],
      label: 'spam',
    });
  }
  const legitPosts = store.scenario.posts.filter(
    (p) =>
      p.label === 'legit' &&
      store.delivered.has(p.id) &&
      !p.boostOf &&
      store.scenario.accounts[p.author]!.host !== store.domain,
  );
  for (const g of GENUINE) {
    const p = rng.pick(legitPosts);
    drafts.push({
      at: Math.min(now - 1000, p.createdAt + rng.range(5, 120) * 60_000),
      reporter: rng.pick(localReporters).username,
      target: p.author,
      postIds: [p.id],
      comment: g.comment,
      category: g.category,
      forward: false,
      ruleIds: g.rules ?? [],
      label: 'legit',
    });
  }
  drafts.sort((a, b) => a.at - b.at);
  for (const d of drafts) {
    const id = store.newReportId();
    store.reports.push({
      id,
      reporter: d.reporter,
      target: d.target,
      postIds: d.postIds,
      comment: d.comment,
      category: d.category,
      forward: d.forward,
      forwardToDomains: [],
      ruleIds: d.ruleIds,
      createdAt: d.at,
      updatedAt: d.at,
      actionTaken: false,
      actionTakenAt: null,
      actionTakenBy: null,
      assignedTo: null,
    });
    store.truth.reports.set(id, d.label);
  }
  // ---------------------------------------------------------------- pending sign-ups
  const burst = now - rng.range(40, 90) * 60_000;
  const signups: (PendingSignup & { label: 'spam' | 'legit' })[] = [];
  for (let i = 0; i < 60; i++) {
    const username = rng.alnum(10, 'abcdefghijklmnopqrstuvwxyz');
    const at = burst + i * rng.range(15, 45) * 1000;
    signups.push({
      id: '',
      username,
      email: `${username}@tempbox.example`,
      ip: `203.0.113.${rng.range(2, 254)}`,
      reason: rng.chance(0.8) ? BOT_REASON : BOT_REASON.replace('.', '!'),
      createdAt: at,
      confirmed: rng.chance(0.9),
      approved: false,
      locale: 'ja',
      label: 'spam',
    });
  }
  GENUINE_SIGNUPS.forEach((g, i) => {
    signups.push({
      id: '',
      username: g.username,
      email: g.email,
      ip: i % 2 ? `198.51.100.${rng.range(2, 254)}` : `192.0.2.${rng.range(20, 254)}`,
      reason: g.reason,
      createdAt: now - rng.range(2, 72) * 3_600_000,
      confirmed: i !== 3,
      approved: false,
      locale: g.locale,
      label: 'legit',
    });
  });
  for (const s of signups) {
    const { label, ...rest } = s;
    const id = snowflake(s.createdAt, `pending|${store.domain}|${s.username}`);
    store.pending.set(id, { ...rest, id });
    store.accountById.set(id, `${s.username}@${store.domain}`);
    store.truth.signups.set(id, label);
  }
}
