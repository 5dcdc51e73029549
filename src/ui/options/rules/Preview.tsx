import { useEffect, useMemo, useState } from 'preact/hooks';
import { mergeRuleSets, withInstanceTuning } from '../../../core/rules/merge';
import {
  matchesOf,
  previewRules,
  summarizePreview,
  type PreviewInput,
  type PreviewOutcome,
} from '../../../core/rules/preview';
import type { RuleSet } from '../../../core/rules/types';
import { db, type RuleRow } from '../../../storage/db';
import { recentPosts } from '../../../storage/posts';
import { VerdictBadge } from '../../components/Label';
import { t } from '../../i18n';
// The engine's reasons in the user's language, as the overlay words them.
import { reasonText } from '../../overlay/text';
import { useThrottledLive } from '../../components/useThrottledLive';
import { previewInput } from './preview-posts';

/** How many of the last posts seen the preview runs on. */
export const PREVIEW_POSTS = 300;

/**
 * The last posts seen (any instance), the stored rules and the instances' tuning, kept current
 * (at most once a second while posts stream in: each refresh judges the 300 posts again).
 */
function usePreviewData() {
  const value = useThrottledLive(
    () => {
      const d = db();
      return Promise.all([d.posts.orderBy('seenAt').lastKey(), d.rules.toArray(), d.instances.toArray()]);
    },
    async () => {
      const d = db();
      const [rows, rules, instances] = await Promise.all([
        recentPosts(PREVIEW_POSTS, d),
        d.rules.toArray(),
        d.instances.toArray(),
      ]);
      const authors = await d.authors.bulkGet(rows.map((r) => r.authorKey));
      return {
        inputs: rows.map((r, i) => previewInput(r, authors[i])),
        rules,
        tuning: instances.map((i) => ({ domain: i.domain, ...i.settings })),
      };
    },
    1_000,
  );
  return { value, loaded: value !== null };
}

/** A value that follows `value` after it has been still for `ms` (typing does not recompute each key). */
function useSettled<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/**
 * Live preview: which of the last posts seen the edited rule set would flag and which it would
 * clear, before saving (src/core/rules/preview.ts: the engine's scoring replayed on the stored
 * verdicts). `draft` is null while the draft does not validate.
 */
export function Preview(props: { ruleId: string; draft: RuleSet | null; enabled: boolean }) {
  const data = usePreviewData();
  const draft = useSettled(props.draft, 150);
  const result = useMemo(() => {
    const v = data.value;
    if (!v || !draft) return null;
    const others = v.rules.filter((r: RuleRow) => r.id !== props.ruleId);
    const old = v.rules.find((r: RuleRow) => r.id === props.ruleId);
    const current = withInstanceTuning(mergeRuleSets(v.rules), v.tuning);
    const next = withInstanceTuning(
      mergeRuleSets([...others, { source: old?.source ?? 'local', enabled: props.enabled, rule: draft }]),
      v.tuning,
    );
    const own = props.enabled ? matchesOf(draft, v.inputs) : new Set<string>();
    const outcomes = previewRules(current, next, v.inputs);
    return { summary: summarizePreview(outcomes, (o) => own.has(o.postKey)), inputs: v.inputs, total: v.inputs.length };
  }, [data.value, draft, props.enabled, props.ruleId]);

  if (!data.loaded) return <aside class="preview" aria-busy="true" />;
  const byKey = new Map((result?.inputs ?? []).map((i) => [i.post.key, i]));
  return (
    <aside class="preview" aria-labelledby="preview-h" data-testid="rule-preview">
      <h3 id="preview-h">{t('previewTitle')}</h3>
      {!result ? (
        <p class="muted">{data.value && data.value.inputs.length === 0 ? t('previewNoPosts') : t('previewInvalid')}</p>
      ) : result.total === 0 ? (
        <p class="muted">{t('previewNoPosts')}</p>
      ) : (
        <>
          <p
            role="status"
            aria-live="polite"
            class="preview-counts"
            data-flag={result.summary.flagged.length}
            data-clear={result.summary.cleared.length}
            data-match={result.summary.matched.length}
          >
            {t(
              'previewCounts',
              result.summary.flagged.length,
              result.summary.cleared.length,
              result.summary.matched.length,
              result.total,
            )}
          </p>
          <PreviewList title={t('previewFlagged')} kind="flagged" items={result.summary.flagged} byKey={byKey} />
          <PreviewList title={t('previewCleared')} kind="cleared" items={result.summary.cleared} byKey={byKey} />
          <PreviewList
            title={t('previewMatched')}
            kind="matched"
            items={result.summary.matched.filter((o) => o.after === o.before)}
            byKey={byKey}
          />
        </>
      )}
    </aside>
  );
}

function PreviewList(props: {
  title: string;
  kind: string;
  items: PreviewOutcome[];
  byKey: Map<string, PreviewInput>;
}) {
  if (!props.items.length) return null;
  const shown = props.items.slice(0, 30);
  return (
    <section class={`preview-list ${props.kind}`} aria-label={props.title}>
      <h4>
        {props.title} <span class="count">{props.items.length}</span>
      </h4>
      <ul>
        {shown.map((o) => {
          const input = props.byKey.get(o.postKey);
          const p = input?.post;
          const why = o.allowed ? t('previewAllowed', o.allowed) : o.matched.map(reasonText).join(' · ');
          return (
            <li key={o.postKey} data-post={o.postKey}>
              <div class="row small">
                <VerdictBadge label={o.before} />
                {o.after !== o.before && (
                  <>
                    <span aria-hidden="true">→</span>
                    <span class="visually-hidden">{t('becomes')}</span>
                    <VerdictBadge label={o.after} />
                  </>
                )}
                <span class="muted">
                  @{p?.author.username}@{p?.author.host} · {p?.instance}
                </span>
              </div>
              <p class="post-text">{(p?.cw ? `[${p.cw}] ` : '') + (p?.text ?? '').slice(0, 220)}</p>
              {why && <p class="muted small why">{why}</p>}
            </li>
          );
        })}
      </ul>
      {props.items.length > shown.length && (
        <p class="muted small">{t('previewMore', props.items.length - shown.length)}</p>
      )}
    </section>
  );
}
