import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { exportDomainCsv, importDomainCsv, CSV_MAX_CHARS } from '../../../core/lists/domain-csv';
import { mergeRuleSets } from '../../../core/rules/merge';
import { send } from '../../../messaging/client';
import { changesKey } from '../../../messaging/options';
import { db, type RuleRow, type SubscriptionRow } from '../../../storage/db';
import { putRule } from '../../../storage/rules';
import { unsubscribe } from '../../../storage/subscriptions';
import { download, formatNumber, readPickedFile } from '../../components/format';
import { Status, IDLE, type StatusState } from '../../components/Status';
import { t } from '../../i18n';
import { useLiveQuery } from '../../useLiveQuery';
import { listErrorMessage } from '../messages';
import { newRuleId } from '../rules/draft';
import { Subscription } from './Subscription';

/**
 * Shared lists: subscribe to a rule file or a domain-block CSV by its address (updated on a
 * schedule and on demand, with what changed), and Mastodon's domain-block CSV in and out.
 */
export function Lists() {
  const [url, setUrl] = useState('');
  const [status, setStatus] = useState<StatusState>(IDLE);
  const [csvStatus, setCsvStatus] = useState<StatusState>(IDLE);
  const data = useLiveQuery(
    async () => {
      const d = db();
      const [subs, rules] = await Promise.all([d.subscriptions.orderBy('id').toArray(), d.rules.toArray()]);
      return { subs: subs.sort((a, b) => a.createdAt - b.createdAt), rules };
    },
    [],
    { subs: [] as SubscriptionRow[], rules: [] as RuleRow[] },
  );

  async function onSubscribe(e: Event) {
    e.preventDefault();
    const address = url.trim();
    if (!address) return;
    // Ask for the list host's permission while the click counts as a gesture: without it the
    // browser lets Breakwater read the list only if its host allows other sites to (CORS).
    try {
      const origin = new URL(address).origin;
      if (/^https?:$/.test(new URL(address).protocol))
        await browser.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
    } catch {
      // Not a URL: the background says so.
    }
    setStatus({ kind: 'busy', message: t('subscribing') });
    const res = await send({ type: 'ui:subscribe', url: address });
    if (res.ok) {
      setUrl('');
      setStatus({ kind: 'done', message: t('subscribed', res.subscription.name, formatNumber(res.changes.length)) });
    } else {
      setStatus({ kind: 'error', message: listErrorMessage(res.code, res.message) });
    }
  }

  async function onCsvImport(e: Event) {
    const file = await readPickedFile(e, CSV_MAX_CHARS * 4);
    if (!file) return;
    if ('tooLarge' in file)
      return setCsvStatus({ kind: 'error', message: t('fileTooLarge', Math.round(file.tooLarge / 1024)) });
    const r = importDomainCsv(file.text, t('csvRuleName', file.name));
    if (!r.ok)
      return setCsvStatus({ kind: 'error', message: t('csvRefused', file.name, r.errors.slice(0, 5).join('; ')) });
    await putRule({ id: newRuleId(), rule: r.rules, note: t('importedFrom', file.name) });
    await send({ type: 'ui:rulesChanged' });
    setCsvStatus({ kind: 'done', message: t('csvImported', formatNumber(r.domains), formatNumber(r.skipped.length)) });
  }

  function onCsvExport() {
    const merged = mergeRuleSets(data.rules.filter((r) => r.enabled));
    const n = merged.instanceDomains?.length ?? 0;
    if (!n) return setCsvStatus({ kind: 'error', message: t('csvNothing') });
    download(exportDomainCsv(merged), 'domain_blocks.csv', 'text/csv');
    setCsvStatus({ kind: 'done', message: t('csvExported', formatNumber(n)) });
  }

  return (
    <section id="lists" aria-labelledby="lists-h" class="card-section">
      <h2 id="lists-h">{t('listsTitle')}</h2>
      <p class="muted">{t('listsIntro')}</p>
      <form class="row" onSubmit={(e) => void onSubscribe(e)}>
        <label for="list-url">{t('listUrl')}</label>
        <input
          id="list-url"
          type="url"
          class="wide"
          placeholder="https://example.org/breakwater-rules.json"
          spellcheck={false}
          value={url}
          onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" disabled={status.kind === 'busy'}>
          {t('subscribe')}
        </button>
        <button
          type="button"
          disabled={!data.subs.length}
          onClick={() =>
            void send({ type: 'ui:refreshSubscriptions' }).then((r) =>
              setStatus({
                kind: 'done',
                message: t('refreshedAll', r.filter((o) => o.ok).length, r.filter((o) => !o.ok).length),
              }),
            )
          }
        >
          {t('refreshAll')}
        </button>
      </form>
      <Status state={status} />
      {data.subs.length === 0 ? (
        <p class="empty">{t('noLists')}</p>
      ) : (
        <ul class="subscriptions" aria-label={t('listsTitle')}>
          {data.subs.map((s) => (
            <Subscription
              key={s.id}
              sub={s}
              rule={data.rules.find((r) => r.source === s.id) ?? null}
              onRemove={async () => {
                await unsubscribe(s.id);
                await db().settings.delete(changesKey(s.id));
                await send({ type: 'ui:rulesChanged' });
              }}
            />
          ))}
        </ul>
      )}
      <h3>{t('csvTitle')}</h3>
      <p class="muted">{t('csvIntro')}</p>
      <div class="row">
        <label class="button">
          {t('csvImport')}
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            class="visually-hidden"
            onChange={(e) => void onCsvImport(e)}
          />
        </label>
        <button type="button" onClick={onCsvExport}>
          {t('csvExport')}
        </button>
      </div>
      <Status state={csvStatus} />
    </section>
  );
}
