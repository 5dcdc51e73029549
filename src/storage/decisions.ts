import type { Decision, Post } from '../core/model';
import { db as sharedDb, type BreakwaterDB } from './db';
import type { DecisionRow } from './schema';

/** The moderator's decisions, with the post, so they can teach a later engine version again. */

export function decisionRow(decision: Decision, post: Post | null, wave: string | null): DecisionRow {
  return {
    postKey: decision.postKey,
    kind: decision.kind,
    at: decision.at,
    instance: post?.instance ?? decision.postKey.slice(0, Math.max(0, decision.postKey.indexOf('/'))),
    wave,
    post,
  };
}

export function listDecisions(d: BreakwaterDB = sharedDb()): Promise<DecisionRow[]> {
  return d.decisions.orderBy('at').toArray();
}

export function getDecision(postKey: string, d: BreakwaterDB = sharedDb()): Promise<DecisionRow | undefined> {
  return d.decisions.get(postKey);
}
