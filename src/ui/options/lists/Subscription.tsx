import { useState } from 'preact/hooks';
import { send } from '../../../messaging/client';
import { changesKey, type StoredChanges } from '../../../messaging/options';
import { db, type RuleRow, type SubscriptionRow } from '../../../storage/db';
import { formatDateTime, formatRelative } from '../../components/format';
import { Switch } from '../../components/Switch';
import { t } from '../../i18n';
import { useLiveQuery } from '../../useLiveQuery';
import { hitsText, setRuleEnabled, summaryText } from '../rules/Rules';

const INTERVALS = [1, 6, 12, 24, 72, 168];

const LIST_NAMES: Record<string, () => string> = {
  keywords: () => t('keywordsTitle'),
  patterns: () => t('patternsTitle'),
  linkDomains: () => t('linkDomainsTitle'),
  instanceDomains: () => t('instanceDomainsTitle'),
  usernamePatterns: () => t('usernamePatternsTitle'),
  'allow.accounts': () => `${t('allowTitle')}: ${t('allowAccounts')}`,
  'allow.domains': () => `${t('allowTitle')}: ${t('allowDomains')}`,
  'allow.instances': () => `${t('allowTitle')}: ${t('allowInstances')}`,
};

/** A changed field's name in the user's language; settings paths stay in the file format's words. */
function fieldLabel(field: string): string {
  const name = LIST_NAMES[field];
  if (name) return name();
  const m = /^overrides\.(.+)\.(keywords|patterns|linkDomains|instanceDomains|usernamePatterns|allow\.\w+)$/.exec(
    field,
  );
  return m && LIST_NAMES[m[2]!] ? `${LIST_NAMES[m[2]!]!()} (${m[1]})` : field;
}

/** One subscribed list: its switch, schedule, last update and error, what changed, hits. */
export function Subscription(props: { sub: SubscriptionRow; rule: RuleRow | null; onRemove: () => Promise<void> }) {
  const { sub, rule } = props;
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const changes = useLiveQuery(
    async () => ((await db().settings.get(changesKey(sub.id)))?.value as StoredChanges | undefined) ?? null,
    [sub.id, sub.lastChangedAt],
    null,
  );

  async function refresh() {
    setBusy(true);
    try {
      await send({ type: 'ui:refreshSubscriptions', id: sub.id });
    } finally {
      setBusy(false);
    }
  }

  async function setEnabled(enabled: boolean) {
    await db().subscriptions.update(sub.id, { enabled, updatedAt: Date.now() });
    if (rule) await setRuleEnabled(rule, enabled);
  }

  return (
    <li data-subscription={sub.id} class={sub.enabled ? '' : 'off'}>
      <div class="row">
        <Switch
          checked={sub.enabled}
          onChange={(v) => void setEnabled(v)}
          label={sub.name}
          ariaLabel={t('listEnabledNamed', sub.name)}
          hideLabel
        />
        <div class="rule-main">
          <strong>{sub.name}</strong>
          <div class="muted small">
            <a href={sub.url} target="_blank" rel="noreferrer">
              {sub.url}
            </a>
          </div>
          <div class="muted small">{rule ? summaryText(rule.rule) : t('sumEmpty')}</div>
        </div>
        <div class="hits small">{rule ? hitsText(rule) : ''}</div>
      </div>
      <div class="row small">
        <span data-checked={sub.lastCheckedAt ?? ''}>
          {sub.lastCheckedAt ? t('listChecked', formatRelative(sub.lastCheckedAt)) : t('listNeverChecked')}
          {sub.lastChangedAt ? ` · ${t('listChanged', formatDateTime(sub.lastChangedAt))}` : ''}
          {sub.listVersion ? ` · ${t('listVersion', sub.listVersion)}` : ''}
        </span>
        <label>
          {t('listInterval')}{' '}
          <select
            value={String(sub.intervalHours)}
            onChange={(e) =>
              void db().subscriptions.update(sub.id, {
                intervalHours: Number((e.target as HTMLSelectElement).value),
                updatedAt: Date.now(),
              })
            }
          >
            {INTERVALS.map((h) => (
              <option key={h} value={String(h)}>
                {h < 24 ? t('everyHours', h) : t('everyDays', h / 24)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void refresh()} disabled={busy} aria-label={t('refreshNamed', sub.name)}>
          {busy ? t('refreshing') : t('refreshNow')}
        </button>
        <button
          type="button"
          class="danger"
          onClick={() => (confirm ? void props.onRemove() : setConfirm(true))}
          aria-label={t('unsubscribeNamed', sub.name)}
        >
          {confirm ? t('unsubscribeConfirm') : t('unsubscribe')}
        </button>
      </div>
      {sub.lastError && (
        <p class="status error" role="alert">
          {t('listError', sub.lastError)}
        </p>
      )}
      {changes && (
        <details class="changes" data-changes={changes.total}>
          <summary>{t('listChanges', changes.total, formatRelative(changes.at))}</summary>
          {changes.total === 0 ? (
            <p class="muted small">{t('listNoChanges')}</p>
          ) : (
            <ul class="small">
              {changes.changes.map((c, i) => (
                <li key={i} class={`change ${c.change}`}>
                  <span class="sign" aria-hidden="true">
                    {c.change === 'added' ? '+' : c.change === 'removed' ? '−' : '~'}
                  </span>
                  <span class="visually-hidden">
                    {c.change === 'added'
                      ? t('changeAdded')
                      : c.change === 'removed'
                        ? t('changeRemoved')
                        : t('changeChanged')}
                  </span>{' '}
                  <span class="muted">{fieldLabel(c.field)}</span> <code>{c.value}</code>
                </li>
              ))}
              {changes.total > changes.changes.length && (
                <li class="muted">{t('previewMore', changes.total - changes.changes.length)}</li>
              )}
            </ul>
          )}
        </details>
      )}
    </li>
  );
}
