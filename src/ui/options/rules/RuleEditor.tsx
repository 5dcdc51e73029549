import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { exportRules, parseRules } from '../../../core/rules/validate';
import { send } from '../../../messaging/client';
import type { RuleRow } from '../../../storage/db';
import { putRule, removeRule } from '../../../storage/rules';
import { download } from '../../components/format';
import { Status, IDLE, type StatusState } from '../../components/Status';
import { Switch } from '../../components/Switch';
import { t } from '../../i18n';
import { checkDraft, ENTRY_LISTS, toDraft, type Draft, type EntryList } from './draft';
import { Entries } from './Entries';
import { Preview } from './Preview';
import { Settings } from './Settings';

const LIST_TITLE: Record<EntryList, () => string> = {
  keywords: () => t('keywordsTitle'),
  patterns: () => t('patternsTitle'),
  linkDomains: () => t('linkDomainsTitle'),
  instanceDomains: () => t('instanceDomainsTitle'),
  usernamePatterns: () => t('usernamePatternsTitle'),
};
const LIST_HELP: Record<EntryList, () => string> = {
  keywords: () => t('keywordsHelp'),
  patterns: () => t('patternsHelp'),
  linkDomains: () => t('linkDomainsHelp'),
  instanceDomains: () => t('instanceDomainsHelp'),
  usernamePatterns: () => t('usernamePatternsHelp'),
};

/**
 * Edits one of the user's rule sets: every part of the rule format (entries, allow-lists,
 * thresholds, wave settings, signals; per-instance overrides and the rest in the JSON view), with
 * its switch and note, and the live preview beside it. Saved only when it validates; the engine
 * then takes the stored rules again (`ui:rulesChanged`).
 */
export function RuleEditor(props: { row: RuleRow | null; id: string; onClose: () => void }) {
  const { row } = props;
  const [draft, setDraft] = useState<Draft>(() => toDraft(row?.rule ?? { name: t('newRuleName') }));
  const [enabled, setEnabled] = useState(row?.enabled ?? true);
  const [note, setNote] = useState(row?.note ?? '');
  const [json, setJson] = useState<{ text: string; error: string | null } | null>(null);
  const [status, setStatus] = useState<StatusState>(IDLE);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Keyboard users land in the editor when it opens.
  const nameRef = useRef<HTMLInputElement>(null);
  useEffect(() => nameRef.current?.focus(), []);

  const checked = useMemo(() => checkDraft(draft), [draft]);
  const errors = checked.ok ? [] : checked.errors;
  const valid = checked.ok ? checked.rules : null;
  const readOnly = !!row && row.source !== 'local';

  async function save(e: Event) {
    e.preventDefault();
    if (!checked.ok) {
      setStatus({ kind: 'error', message: t('ruleInvalid', checked.errors.length) });
      return;
    }
    await putRule({ id: props.id, rule: checked.rules, enabled, note: note.trim() });
    const res = await send({ type: 'ui:rulesChanged' });
    if (!res.ok) {
      setStatus({ kind: 'error', message: res.errors.join('; ') });
      return;
    }
    props.onClose();
  }

  async function onDelete() {
    if (!confirmDelete) return setConfirmDelete(true);
    await removeRule(props.id);
    await send({ type: 'ui:rulesChanged' });
    props.onClose();
  }

  function openJson() {
    setJson({ text: exportRules(valid ?? draft), error: null });
  }

  function onJson(text: string) {
    const r = parseRules(text);
    if (r.ok) {
      setDraft(toDraft(r.rules));
      setJson({ text, error: null });
    } else {
      setJson({ text, error: r.errors.join('\n') });
    }
  }

  const allowText = (k: 'accounts' | 'domains' | 'instances') => (draft.allow?.[k] ?? []).join('\n');
  const setAllow = (k: 'accounts' | 'domains' | 'instances', text: string) =>
    setDraft({ ...draft, allow: { ...draft.allow, [k]: text.split(/\r?\n/) } });

  return (
    <div class="editor-layout">
      <form class="rule-editor" onSubmit={(e) => void save(e)} aria-labelledby="editor-h">
        <h3 id="editor-h">{row ? t('editRuleTitle', draft.name ?? props.id) : t('newRuleTitle')}</h3>
        {readOnly && <p class="notice">{t('ruleFromList')}</p>}
        <div class="grid2">
          <label>
            <span>{t('ruleName')}</span>
            <input
              ref={nameRef}
              type="text"
              value={draft.name ?? ''}
              onInput={(e) => setDraft({ ...draft, name: (e.target as HTMLInputElement).value })}
            />
          </label>
          <label>
            <span>{t('ruleNote')}</span>
            <input type="text" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          </label>
        </div>
        <Switch checked={enabled} onChange={setEnabled} label={t('ruleEnabled')} />

        {json ? (
          <fieldset>
            <legend>{t('jsonTitle')}</legend>
            <p class="muted small">{t('jsonHelp')}</p>
            <textarea
              class="mono json"
              rows={18}
              spellcheck={false}
              aria-label={t('jsonTitle')}
              aria-invalid={!!json.error}
              value={json.text}
              onInput={(e) => onJson((e.target as HTMLTextAreaElement).value)}
            />
            {json.error && (
              <pre class="field-error" role="alert">
                {json.error}
              </pre>
            )}
            <button type="button" onClick={() => setJson(null)}>
              {t('jsonClose')}
            </button>
          </fieldset>
        ) : (
          <>
            {ENTRY_LISTS.map((list) => (
              <fieldset key={list}>
                <legend>{LIST_TITLE[list]()}</legend>
                <p class="muted small">{LIST_HELP[list]()}</p>
                <Entries
                  list={list}
                  draft={draft}
                  errors={errors}
                  onChange={(items) => setDraft({ ...draft, [list]: items } as Draft)}
                />
              </fieldset>
            ))}
            <fieldset>
              <legend>{t('allowTitle')}</legend>
              <p class="muted small">{t('allowHelp')}</p>
              <div class="grid3">
                {(
                  [
                    ['accounts', t('allowAccounts'), 'user@example.social'],
                    ['domains', t('allowDomains'), 'example.org'],
                    ['instances', t('allowInstances'), 'mastodon.social'],
                  ] as const
                ).map(([k, label, ph]) => (
                  <label key={k}>
                    <span>{label}</span>
                    <textarea
                      rows={4}
                      spellcheck={false}
                      placeholder={ph}
                      value={allowText(k)}
                      onInput={(e) => setAllow(k, (e.target as HTMLTextAreaElement).value)}
                    />
                  </label>
                ))}
              </div>
              {errors
                .filter((e) => e.startsWith('allow'))
                .map((e) => (
                  <p class="field-error" role="alert" key={e}>
                    {e}
                  </p>
                ))}
            </fieldset>
            <details class="more">
              <summary>{t('settingsTitle')}</summary>
              <Settings draft={draft} errors={errors} onChange={setDraft} />
            </details>
            <details class="more">
              <summary>{t('sharingTitle')}</summary>
              <div class="grid2">
                <label>
                  <span>{t('ruleDescription')}</span>
                  <input
                    type="text"
                    value={draft.description ?? ''}
                    onInput={(e) => setDraft({ ...draft, description: (e.target as HTMLInputElement).value })}
                  />
                </label>
                <label>
                  <span>{t('ruleAuthor')}</span>
                  <input
                    type="text"
                    value={draft.author ?? ''}
                    placeholder="you@example.social"
                    onInput={(e) => setDraft({ ...draft, author: (e.target as HTMLInputElement).value })}
                  />
                </label>
              </div>
              {Object.keys(draft.overrides ?? {}).length > 0 && (
                <p class="muted small">{t('overridesNote', Object.keys(draft.overrides ?? {}).join(', '))}</p>
              )}
            </details>
            <button type="button" class="link" onClick={openJson}>
              {t('jsonOpen')}
            </button>
          </>
        )}

        {errors.length > 0 && (
          <div class="errors" role="alert">
            <p>{t('ruleInvalid', errors.length)}</p>
            <ul>
              {errors.slice(0, 8).map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        )}
        <div class="row actions">
          <button type="submit" class="primary" disabled={!checked.ok || readOnly}>
            {t('ruleSave')}
          </button>
          <button type="button" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button
            type="button"
            disabled={!valid}
            onClick={() =>
              valid &&
              download(exportRules(valid), `${(valid.name ?? 'rules').replace(/[^\p{L}\p{N}_-]+/gu, '-')}.json`)
            }
          >
            {t('ruleExport')}
          </button>
          {row && !readOnly && (
            <button type="button" class="danger" onClick={() => void onDelete()}>
              {confirmDelete ? t('ruleDeleteConfirm') : t('ruleDelete')}
            </button>
          )}
          <Status state={status} />
        </div>
      </form>
      <Preview ruleId={props.id} draft={valid} enabled={enabled} />
    </div>
  );
}
