/**
 * Contract of the simulated instances (issue 2). One Node HTTP server on 127.0.0.1 serves every
 * simulated instance and tells them apart by the Host header (`mastodon-a.test`, `misskey-a.test`,
 * ...). Each instance family implements SimInstance; server.ts routes to them, applies injected
 * faults, and exposes the control API. Tests import startSim() from ./index.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Scenario } from './generator/types';

export type SimPlatform = 'mastodon' | 'misskey';

/** Time of the simulation. `scale` compresses rate-limit windows: 0.01 makes 5 minutes last 3 s. */
export interface SimClock {
  /** Epoch ms, real time. */
  now(): number;
  /** Rate-limit window scale factor (1 = real limits). */
  readonly scale: number;
}

/** A fault the server applies to matching requests before the instance sees them. */
export interface FaultRule {
  /** Host to match (exact), or undefined for all. */
  host?: string;
  /** Matches the request path (`/api/v1/accounts/123/block`); a string is a substring match. */
  path?: string | RegExp;
  method?: string;
  kind:
    | 'status500'
    | 'status502'
    | 'status503'
    | 'slow'
    | 'drop'
    | 'malformed-json'
    | 'html-error'
    | 'status200-error-body';
  /** For `slow`: delay in ms. */
  delayMs?: number;
  /** How many matching requests to affect (default: unlimited). */
  times?: number;
}

/** One action the instance recorded, the ground truth that tests compare with. */
export interface RecordedAction {
  at: number;
  instance: string;
  /** Acting user (local username), or the app/token owner. */
  by: string;
  /** e.g. `report`, `block`, `unblock`, `mute`, `unmute`, `domain_block`, `domain_unblock`, `suspend`,
   * `unsuspend`, `silence`, `limit`, `unlimit`, `delete_note`, `resolve_report`, `approve`, `reject`,
   * `email_domain_block`. */
  kind: string;
  /** Target account id (local id on that instance), or the domain for domain blocks, or the report id. */
  target: string;
  /** The target's acct (`user@host`), when the target is an account. */
  targetAcct?: string;
  /** Everything else the call carried (status ids, comment, category, forward, duration, report id...). */
  details: Record<string, unknown>;
}

export interface SimInstanceInfo {
  domain: string;
  platform: SimPlatform;
  /** Software version the instance claims and whose DOM/JSON it reproduces: `4.6.5`, `4.2.0`, `2025.7.0`, `2024.2.0`. */
  version: string;
  /** Local users that tests can log in as (username -> role), e.g. `{ admin: 'admin', alice: 'user' }`. */
  users: Record<string, 'admin' | 'moderator' | 'user'>;
}

export interface SimInstance {
  readonly info: SimInstanceInfo;
  /** Handles an HTTP request for this instance (body already read). */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void | Promise<void>;
  /** Handles a WebSocket upgrade (streaming API). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Delivers posts of the scenario that this instance receives, now: prepended via streaming. */
  deliver(postIds: string[]): void;
  /** Everything recorded so far: actions in order, and current state as tests need it. */
  state(): SimInstanceState;
  /** Stops timers and closes sockets. */
  close(): void;
}

export interface SimInstanceState {
  info: SimInstanceInfo;
  actions: RecordedAction[];
  /** Requests answered 429, by path. */
  rateLimited: { at: number; path: string; user: string }[];
  /** Counts of API requests by `METHOD path-template`, for request-cost measurements. */
  requestCounts: Record<string, number>;
}

export interface SimOptions {
  /** Port to listen on; 0 or undefined picks a free one. */
  port?: number;
  /** Rate-limit window scale (default 1). */
  scale?: number;
  /** Seed of the generated fediverse (default 1). */
  seed?: number;
  /** The scenario to serve; default: generated from `seed`. */
  scenario?: Scenario;
  /**
   * Live mode: scripted waves and ordinary posts stream in over time by themselves (the demo and
   * `npm run sim`). Off by default: tests deliver posts explicitly with `deliver()` for determinism.
   */
  live?: boolean | { speed?: number };
  /** Stop by itself after this many ms (default: never; `npm run sim` stops on Ctrl-C). */
  stopAfterMs?: number;
  /**
   * Misskey rate limits: `factor` (default) applies upstream's formula with `rateLimitFactor` =
   * `scale` (window x f, allowance / f, reported in `i`); `compressed` keeps `rateLimitFactor: 1` in
   * `i` and shrinks only the windows by `scale`, so 20 an hour stays 20 per (hour x scale).
   */
  misskeyLimits?: 'factor' | 'compressed';
}

export interface Sim {
  port: number;
  /** `http://127.0.0.1:PORT` */
  url: string;
  scenario: Scenario;
  instances: Map<string, SimInstance>;
  /** Shortcut: `instances.get(domain).state()`. */
  state(domain: string): SimInstanceState;
  /** Delivers scenario posts to an instance now (streamed in at the top of open timelines). */
  deliver(domain: string, postIds: string[]): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** What a family's factory (`createMastodonInstance` in ./mastodon, `createMisskeyInstance` in ./misskey) gets. */
export interface InstanceConfig {
  domain: string;
  /** `4.6.5` | `4.2.0` (Mastodon), `2025.7.0` | `2024.2.0` (Misskey). */
  version: string;
  clock: SimClock;
  scenario: Scenario;
  /** Live mode: the instance streams its share of the scenario by itself, at `speed` x real time. */
  live: { speed: number } | null;
  /** Optional: seed the moderation queue (open reports, pending sign-ups) for the triage features. */
  moderationSeed?: boolean;
  /** Misskey family: see `SimOptions.misskeyLimits`. */
  misskeyLimits?: 'factor' | 'compressed';
}

/*
 * Routes every instance serves besides its platform's own:
 * - `GET /__sim/login?user=<username>&next=<path>` logs the browser in as that local user the way the
 *   real web UI keeps its login (Mastodon: a session cookie, so the shell's #initial-state carries the
 *   user's access_token; Misskey: a page that sets localStorage.account = `i` + token), then
 *   redirects to `next`. Optional `layout=advanced` (Mastodon) or `ui=deck|zen` (Misskey).
 * - `GET /__sim/logout`.
 * The server itself answers `/__sim/state`, `/__sim/deliver` and `/__sim/fault` on any host.
 *
 * Renderers (pure functions, used by the instances and by the engine's benchmarks):
 * - test/sim/mastodon/render.ts: `renderStatus(post: GenPost, scenario: Scenario, domain: string, version: string)`
 *   returns the Mastodon Status JSON that `domain` would serve for that post (local ids derived
 *   deterministically from the scenario id and the domain).
 * - test/sim/misskey/render.ts: `renderNote(post: GenPost, scenario: Scenario, domain: string, version: string)`
 *   returns the Misskey Note JSON likewise.
 * - test/sim/generator/index.ts: `generateScenario(options: ScenarioOptions): Scenario` and
 *   `defaultScenarioOptions(seed: number, instances: string[]): ScenarioOptions`.
 */
