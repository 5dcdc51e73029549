import { useEffect, useRef, useState } from 'preact/hooks';
import { mergeRuleSets } from '../../../core/rules/merge';
import { exportRules, parseRules } from '../../../core/rules/validate';
import { send } from '../../../messaging/client';
import { db, type RuleRow } from '../../../storage/db';
import { putRule } from '../../../storage/rules';
import { download, formatNumber, formatRelative, readPickedFile } from '../../components/format';
import { Status, IDLE, type StatusState } from '../../components/Status';
import { Switch } from '../../components/Switch';
import { t } from '../../i18n';
import { useLiveQuery } from '../../useLiveQuery';
import { newRuleId, summarize } from './draft';
import { RuleEditor } from './RuleEditor';

/** One line about what a rule set holds: "3 keywords · 1 pattern · 2 domains". */
export function summaryText(rule: unknown): string {
  const s = summarize(rule);
  const parts: string[] = [];
  if (s.keywords) parts.push(t('sumKeywords', s.keywords));
  if (s.patterns) parts.push(t('sumPatterns', s.patterns));
  if (s.domains) parts.push(t('sumDomains', s.domains));
  if (s.usernames) parts.push(t('sumUsernames', s.usernames));
  if (s.allow) parts.push(t('sumAllow', s.allow));
  if (s.settings) parts.push(t('sumSettings', s.settings));
  if (s.overrides) parts.push(t('sumOverrides', s.overrides));
  return parts.join(' · ') || t('sumEmpty');
}

export function hitsText(row: RuleRow): string {
  return row.hits
    ? t('ruleHits', formatNumber(row.hits), row.lastHitAt ? formatRelative(row.lastHitAt) : '—')
    : t('ruleNoHits');
}

export async function setRuleEnabled(row: RuleRow, enabled: boolean): Promise<void> {
  await db().rules.update(row.id, { enabled });
  await send({ type: 'ui:rulesChanged' });
}

/** The user's own rule sets, each with its switch, note and hit count; the editor with live preview. */
export function Rules() {
  const rows = useLiveQuery(() => db().rules.where('source').equals('local').sortBy('createdAt'), [], [] as RuleRow[]);
  const [editing, setEditing] = useState<{ id: string; row: RuleRow | null } | null>(null);
  const [status, setStatus] = useState<StatusState>(IDLE);
  // Back from the editor, keyboard focus returns to the list's heading instead of the page's start.
  const heading = useRef<HTMLHeadingElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (!editing && wasEditing.current) heading.current?.focus();
    wasEditing.current = !!editing;
  }, [editing]);

  async function onImport(e: Event) {
    const file = await readPickedFile(e, 2_000_000);
    if (!file) return;
    if ('tooLarge' in file)
      return setStatus({ kind: 'error', message: t('fileTooLarge', Math.round(file.tooLarge / 1024)) });
    const r = parseRules(file.text);
    if (!r.ok)
      return setStatus({ kind: 'error', message: t('ruleFileRefused', file.name, r.errors.slice(0, 5).join('; ')) });
    await putRule({
      id: newRuleId(),
      rule: { ...r.rules, name: r.rules.name ?? file.name },
      note: t('importedFrom', file.name),
    });
    await send({ type: 'ui:rulesChanged' });
    setStatus({ kind: 'done', message: t('ruleFileImported', file.name) });
  }

  function onPublish() {
    const merged = mergeRuleSets(rows.filter((r) => r.enabled));
    const file = { ...merged, name: t('publishName'), updated: new Date().toISOString().slice(0, 10) };
    download(exportRules(file), 'breakwater-rules.json');
    setStatus({ kind: 'done', message: t('publishDone') });
  }

  if (editing)
    return (
      <section id="rules" aria-labelledby="rules-h" class="card-section">
        <h2 id="rules-h">{t('rulesTitle')}</h2>
        <RuleEditor id={editing.id} row={editing.row} onClose={() => setEditing(null)} />
      </section>
    );

  return (
    <section id="rules" aria-labelledby="rules-h" class="card-section">
      <h2 id="rules-h" ref={heading} tabIndex={-1}>
        {t('rulesTitle')}
      </h2>
      <p class="muted">{t('rulesIntro')}</p>
      <div class="row">
        <button type="button" class="primary" onClick={() => setEditing({ id: newRuleId(), row: null })}>
          {t('newRule')}
        </button>
        <label class="button">
          {t('importRuleFile')}
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={(e) => void onImport(e)}
          />
        </label>
        <button type="button" onClick={onPublish} disabled={!rows.length}>
          {t('publishRules')}
        </button>
      </div>
      <Status state={status} />
      {rows.length === 0 ? (
        <p class="empty">{t('noRules')}</p>
      ) : (
        <ul class="rules" aria-label={t('rulesTitle')}>
          {rows.map((row) => {
            const name = (row.rule as { name?: string })?.name || row.id;
            return (
              <li key={row.id} data-rule={row.id} class={row.enabled ? '' : 'off'}>
                <Switch
                  checked={row.enabled}
                  onChange={(v) => void setRuleEnabled(row, v)}
                  label={name}
                  ariaLabel={t('ruleEnabledNamed', name)}
                  hideLabel
                />
                <div class="rule-main">
                  <strong>{name}</strong>
                  {row.note && <span class="note"> — {row.note}</span>}
                  <div class="muted small">{summaryText(row.rule)}</div>
                </div>
                <div class="hits small" data-hits={row.hits}>
                  {hitsText(row)}
                </div>
                <button
                  type="button"
                  onClick={() => setEditing({ id: row.id, row })}
                  aria-label={t('editRuleNamed', name)}
                >
                  {t('editRule')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
