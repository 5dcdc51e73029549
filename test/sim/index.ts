/**
 * Entry point of the simulated instances: `startSim()` starts one server on 127.0.0.1 that serves
 * every instance of the roster by Host header, all fed by one generated scenario.
 */
import { defaultScenarioOptions, generateScenario } from './generator';
import { indexScenario } from './scenario-index';
import { availableRoster, createInstance, DEFAULT_ROSTER, type RosterEntry } from './instances';
import { SimServer } from './server';
import type { FaultRule, InstanceConfig, Sim, SimClock, SimInstance, SimOptions } from './types';

export type {
  Sim,
  SimOptions,
  SimInstance,
  FaultRule,
  RecordedAction,
  SimInstanceState,
  SimInstanceInfo,
} from './types';
export { DEFAULT_ROSTER } from './instances';

export interface StartSimOptions extends SimOptions {
  /** Instances to serve (default: DEFAULT_ROSTER, Misskey entries only when that family exists). */
  roster?: readonly RosterEntry[];
}

export async function startSim(opts: StartSimOptions = {}): Promise<Sim> {
  const roster = await availableRoster(opts.roster ?? DEFAULT_ROSTER);
  const domains = roster.map((r) => r.domain);
  const startedAt = Date.now();
  const scenario =
    opts.scenario ??
    generateScenario(
      defaultScenarioOptions(
        opts.seed ?? 1,
        (opts.roster ?? DEFAULT_ROSTER).map((r) => r.domain),
        startedAt,
      ),
    );
  const scale = opts.scale ?? 1;
  const clock: SimClock = { now: () => Date.now(), scale };
  const live = opts.live ? { speed: typeof opts.live === 'object' ? (opts.live.speed ?? 1) : 1 } : null;
  const instances = new Map<string, SimInstance>();
  for (const entry of roster) {
    const cfg: InstanceConfig = {
      domain: entry.domain,
      version: entry.version,
      clock,
      scenario,
      live,
      ...(opts.misskeyLimits ? { misskeyLimits: opts.misskeyLimits } : {}),
    };
    instances.set(entry.domain, await createInstance(entry, cfg));
  }
  const idx = indexScenario(scenario);
  /** What the control API delivered so far, per instance (live deliveries are the instances' own). */
  const delivered = new Map<string, Set<string>>(domains.map((d) => [d, new Set()]));
  const addressedTo = (domain: string, postId: string) => {
    const p = idx.byId.get(postId);
    return !!p && (p.deliveredTo.includes(domain) || scenario.accounts[p.author]?.host === domain);
  };
  const deliver = (domain: string, postIds: string[]) => {
    const inst = instances.get(domain);
    if (!inst) throw new Error(`no instance ${domain}`);
    const set = delivered.get(domain)!;
    const fresh = postIds.filter((id) => idx.byId.has(id));
    for (const id of fresh) set.add(id);
    inst.deliver(fresh);
    return fresh;
  };
  const pendingFor = (domain: string) =>
    scenario.posts.filter(
      (p) => p.createdAt > startedAt && !delivered.get(domain)!.has(p.id) && addressedTo(domain, p.id),
    );

  const server = new SimServer(instances, scenario, {
    deliver(domain, req) {
      const targets = domain ? [domain] : domains;
      return targets.map((d) => {
        let ids: string[];
        if (req.postIds) ids = domain ? req.postIds : req.postIds.filter((id) => addressedTo(d, id));
        else {
          let pending = pendingFor(d);
          if (req.wave) pending = pending.filter((p) => p.wave === req.wave);
          ids = pending.slice(0, req.count ?? (req.wave ? pending.length : 1)).map((p) => p.id);
        }
        return { domain: d, delivered: deliver(d, ids) };
      });
    },
  });
  const port = await server.listen(opts.port ?? 0);
  let closing: Promise<void> | null = null;
  let stopTimer: NodeJS.Timeout | null = null;
  const close = () => {
    if (!closing) {
      if (stopTimer) clearTimeout(stopTimer);
      for (const i of instances.values()) i.close();
      closing = server.close();
    }
    return closing;
  };
  if (opts.stopAfterMs !== undefined) {
    stopTimer = setTimeout(() => void close(), opts.stopAfterMs);
    stopTimer.unref();
  }
  const sim: Sim = {
    port,
    url: `http://127.0.0.1:${port}`,
    scenario,
    instances,
    state: (domain) => {
      const inst = instances.get(domain);
      if (!inst) throw new Error(`no instance ${domain}`);
      return inst.state();
    },
    deliver: (domain, postIds) => void deliver(domain, postIds),
    addFault: (rule: FaultRule) => server.addFault(rule),
    clearFaults: () => server.clearFaults(),
    close,
  };
  return sim;
}
