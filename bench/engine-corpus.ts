/**
 * The labelled corpus for the engine benchmarks: a scenario of the spam-wave generator
 * (test/sim/generator), each post rendered as the JSON every receiving simulated instance serves
 * (Mastodon 4.6.5 / 4.2.0 Status, Misskey 2025.7 / 2024.2 Note) and normalized back, in arrival
 * order. One engine sees all instances, as the extension's background does.
 */
import type { Post } from '../src/core/model';
import { normalizeMastodonStatus } from '../src/platforms/mastodon/normalize';
import { normalizeMisskeyNote } from '../src/platforms/misskey/normalize';
import { defaultScenarioOptions, generateScenario } from '../test/sim/generator/index';
import type { GenPost, Scenario } from '../test/sim/generator/types';
import { renderStatus } from '../test/sim/mastodon/render';
import { renderNote } from '../test/sim/misskey/render';

export const SIM_INSTANCES: { domain: string; platform: 'mastodon' | 'misskey'; version: string }[] = [
  { domain: 'mastodon-a.test', platform: 'mastodon', version: '4.6.5' },
  { domain: 'mastodon-b.test', platform: 'mastodon', version: '4.2.0' },
  { domain: 'misskey-a.test', platform: 'misskey', version: '2025.7.0' },
  { domain: 'misskey-b.test', platform: 'misskey', version: '2024.2.0' },
];

export interface CorpusItem {
  post: Post;
  gen: GenPost;
  /** The scenario post's label, wave and hard case (the boosted post's, for a boost). */
  label: 'spam' | 'legit';
  wave: string | null;
  hardCase: string | null;
  domain: string;
  json: unknown;
}

export function scenarioFor(seed: number): Scenario {
  return generateScenario(
    defaultScenarioOptions(
      seed,
      SIM_INSTANCES.map((i) => i.domain),
    ),
  );
}

/** `firstOnly`: each post once, as the first instance that receives it renders it (speed runs). */
export function buildCorpus(scenario: Scenario, firstOnly = false): CorpusItem[] {
  const byId = new Map(scenario.posts.map((p) => [p.id, p]));
  const out: CorpusItem[] = [];
  for (const gen of scenario.posts) {
    for (const domain of firstOnly ? gen.deliveredTo.slice(0, 1) : gen.deliveredTo) {
      const inst = SIM_INSTANCES.find((i) => i.domain === domain);
      if (!inst) continue;
      const json =
        inst.platform === 'mastodon'
          ? renderStatus(gen, scenario, domain, inst.version, { now: gen.createdAt })
          : renderNote(gen, scenario, domain, inst.version);
      const post =
        inst.platform === 'mastodon' ? normalizeMastodonStatus(json, domain) : normalizeMisskeyNote(json, domain);
      const shown = gen.boostOf ? (byId.get(gen.boostOf) ?? gen) : gen;
      const author = scenario.accounts[shown.author];
      out.push({
        post,
        gen,
        label: shown.label,
        wave: shown.wave,
        hardCase: shown.hardCase ?? author?.hardCase ?? null,
        domain,
        json,
      });
    }
  }
  return out;
}
