/**
 * Quality benchmark (issue 3): the engine and the field's existing rules on the same labelled
 * corpus from the spam-wave generator. Seeds 1-3 were used to tune; the figures reported are for
 * held-out seeds (default 101-110).
 *
 *   npx tsx bench/engine-quality.ts [--seeds 101,102,...] [--json FILE] [--verbose]
 */
import { writeFileSync } from 'node:fs';
import { createEngine } from '../src/core/engine';
import type { Verdict } from '../src/core/model';
import { baselines, type Baseline } from './engine-baselines';
import { buildCorpus, scenarioFor, type CorpusItem } from './engine-corpus';

export interface Quality {
  name: string;
  waveItems: number;
  waveFlagged: number;
  /** Share of wave posts flagged (final verdict, counting later updates). */
  recall: number;
  /** Share of wave posts flagged on arrival. */
  recallOnArrival: number;
  /** Per wave: posts that arrived unflagged before the first flagged one; max and mean over waves. */
  passMax: number;
  passMean: number;
  /** Passes of every wave (one entry per wave and seed). */
  passes: number[];
  legitItems: number;
  legitFlagged: number;
  fpRate: number;
  /** Legit posts flagged, by hard case. */
  fpByCase: Record<string, number>;
  casesTotal: Record<string, number>;
  spamByCaseMissed: Record<string, number>;
}

function evaluate(name: string, items: CorpusItem[], arrival: boolean[], final: boolean[]): Quality {
  let waveItems = 0;
  let waveFlagged = 0;
  let arrivalFlagged = 0;
  let legitItems = 0;
  let legitFlagged = 0;
  const fpByCase: Record<string, number> = {};
  const casesTotal: Record<string, number> = {};
  const spamByCaseMissed: Record<string, number> = {};
  const passes = new Map<string, { passed: number; caught: boolean; seen: Set<string> }>();
  items.forEach((it, i) => {
    const hc = it.hardCase ?? (it.label === 'spam' ? 'plain-spam' : 'plain');
    casesTotal[`${it.label}:${hc}`] = (casesTotal[`${it.label}:${hc}`] ?? 0) + 1;
    if (it.label === 'spam') {
      waveItems++;
      if (final[i]) waveFlagged++;
      else spamByCaseMissed[hc] = (spamByCaseMissed[hc] ?? 0) + 1;
      if (arrival[i]) arrivalFlagged++;
      const w = passes.get(it.wave!) ?? { passed: 0, caught: false, seen: new Set<string>() };
      if (!w.caught) {
        if (arrival[i]) w.caught = true;
        else if (!w.seen.has(it.gen.id)) {
          // A post counts once, however many instances received it.
          w.seen.add(it.gen.id);
          w.passed++;
        }
      }
      passes.set(it.wave!, w);
    } else {
      legitItems++;
      if (final[i]) {
        legitFlagged++;
        fpByCase[hc] = (fpByCase[hc] ?? 0) + 1;
      }
    }
  });
  const ps = [...passes.values()].map((w) => w.passed);
  return {
    name,
    waveItems,
    waveFlagged,
    recall: waveFlagged / Math.max(1, waveItems),
    recallOnArrival: arrivalFlagged / Math.max(1, waveItems),
    passMax: Math.max(0, ...ps),
    passMean: ps.reduce((a, b) => a + b, 0) / Math.max(1, ps.length),
    passes: ps,
    legitItems,
    legitFlagged,
    fpRate: legitFlagged / Math.max(1, legitItems),
    fpByCase,
    casesTotal,
    spamByCaseMissed,
  };
}

export function runEngine(items: CorpusItem[]): { arrival: boolean[]; final: boolean[]; verdicts: Verdict[] } {
  const engine = createEngine();
  const arrival: boolean[] = [];
  const index = new Map<string, number[]>();
  const latest: Verdict[] = [];
  items.forEach((it, i) => {
    const r = engine.ingest([it.post]);
    const v = r.verdicts[0]!;
    arrival.push(v.verdict !== 'ok');
    latest.push(v);
    const list = index.get(v.postKey) ?? [];
    list.push(i);
    index.set(v.postKey, list);
    for (const u of r.updated) for (const j of index.get(u.postKey) ?? []) latest[j] = u;
  });
  return { arrival, final: latest.map((v) => v.verdict !== 'ok'), verdicts: latest };
}

/**
 * The field's rules run where they ran: one filter per server, each on its own stream (a
 * server receives each post once, rendered its own way).
 */
export function runBaseline(items: CorpusItem[], make: () => Baseline): boolean[] {
  const perServer = new Map<string, Baseline>();
  return items.map((it) => {
    let b = perServer.get(it.domain);
    if (!b) {
      b = make();
      perServer.set(it.domain, b);
    }
    return b.check(it.post);
  });
}

function merge(qs: Quality[]): Quality {
  const sum = (f: (q: Quality) => number) => qs.reduce((a, q) => a + f(q), 0);
  const rec = (f: (q: Quality) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const q of qs) for (const [k, v] of Object.entries(f(q))) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const waveItems = sum((q) => q.waveItems);
  const legitItems = sum((q) => q.legitItems);
  return {
    name: qs[0]!.name,
    waveItems,
    waveFlagged: sum((q) => q.waveFlagged),
    recall: sum((q) => q.waveFlagged) / waveItems,
    recallOnArrival: sum((q) => q.recallOnArrival * q.waveItems) / waveItems,
    passMax: Math.max(...qs.map((q) => q.passMax)),
    passMean: sum((q) => q.passMean) / qs.length,
    passes: qs.flatMap((q) => q.passes),
    legitItems,
    legitFlagged: sum((q) => q.legitFlagged),
    fpRate: sum((q) => q.legitFlagged) / legitItems,
    fpByCase: rec((q) => q.fpByCase),
    casesTotal: rec((q) => q.casesTotal),
    spamByCaseMissed: rec((q) => q.spamByCaseMissed),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

export function qualityTable(rows: Quality[]): string {
  const head = [
    'rule set',
    'wave posts flagged',
    'on arrival',
    'passed before flag: max / mean / waves ≤ 4',
    'legit flagged',
    'legit FP rate',
  ];
  const body = rows.map((q) => [
    q.name,
    `${pct(q.recall)} (${q.waveFlagged}/${q.waveItems})`,
    pct(q.recallOnArrival),
    `${q.passMax} / ${q.passMean.toFixed(1)} / ${q.passes.filter((p) => p <= 4).length} of ${q.passes.length}`,
    `${q.legitFlagged}/${q.legitItems}`,
    pct(q.fpRate),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main(argv: string[]) {
  let seeds = [101, 102, 103, 104, 105, 106, 107, 108, 109, 110];
  let jsonOut: string | null = null;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seeds') seeds = argv[++i]!.split(',').map(Number);
    else if (argv[i] === '--json') jsonOut = argv[++i]!;
    else if (argv[i] === '--verbose') verbose = true;
  }
  const perName = new Map<string, Quality[]>();
  let items = 0;
  for (const seed of seeds) {
    const corpus = buildCorpus(scenarioFor(seed));
    items += corpus.length;
    const e = runEngine(corpus);
    const list = [evaluate('Breakwater engine', corpus, e.arrival, e.final)];
    baselines().forEach((b, k) => {
      const flags = runBaseline(corpus, () => baselines()[k]!);
      list.push(evaluate(b.name, corpus, flags, flags));
    });
    for (const q of list) perName.set(q.name, [...(perName.get(q.name) ?? []), q]);
    if (verbose) {
      const q = list[0]!;
      console.error(
        `seed ${seed}: recall ${pct(q.recall)} pass max ${q.passMax} fp ${q.legitFlagged} ${JSON.stringify(q.fpByCase)} missed ${JSON.stringify(q.spamByCaseMissed)}`,
      );
    }
  }
  const rows = [...perName.values()].map(merge);
  console.log(
    `Quality on held-out seeds ${seeds.join(', ')}: ${items} posts as the 4 simulated instances received them`,
  );
  console.log(
    `(flagged = verdict spam or suspicious; "passed before flag" counts a wave's posts that arrived unflagged before its first flagged one)\n`,
  );
  console.log(qualityTable(rows));
  const eng = rows[0]!;
  const hist = new Map<number, number>();
  for (const p of eng.passes) hist.set(p, (hist.get(p) ?? 0) + 1);
  console.log(
    `\nBreakwater engine, posts passed before each wave was flagged: ${[...hist]
      .sort((a, b) => a[0] - b[0])
      .map(([p, n]) => `${p}: ${n} waves`)
      .join(', ')}`,
  );
  console.log('\nBreakwater engine, legitimate posts flagged by hard case (flagged / total):');
  for (const [k, n] of Object.entries(eng.casesTotal)
    .filter(([k]) => k.startsWith('legit:'))
    .sort()) {
    console.log(`  ${k.slice(6).padEnd(24)} ${eng.fpByCase[k.slice(6)] ?? 0} / ${n}`);
  }
  console.log('Breakwater engine, wave posts missed by kind (missed / total):');
  for (const [k, n] of Object.entries(eng.casesTotal)
    .filter(([k]) => k.startsWith('spam:'))
    .sort()) {
    console.log(`  ${k.slice(5).padEnd(24)} ${eng.spamByCaseMissed[k.slice(5)] ?? 0} / ${n}`);
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ seeds, rows }, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) void main(process.argv.slice(2));
