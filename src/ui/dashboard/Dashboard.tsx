import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { db } from '../../storage/db';
import { Batches, useBatches } from '../components/Batches';
import { formatNumber, formatRelative, withoutLeadingMentions } from '../components/format';
import { useThrottledLive } from '../components/useThrottledLive';
import { t } from '../i18n';
import { loadDashboard, probe, type DashboardData } from './data';
import { WavesChart } from './WavesChart';

/** Whether another feature's page is in this build (the triage page comes with its own issue). */
function usePageExists(path: string): boolean {
  const [exists, setExists] = useState(false);
  useEffect(() => {
    fetch(browser.runtime.getURL(path as '/options.html'), { method: 'HEAD' })
      .then((r) => setExists(r.ok))
      .catch(() => setExists(false));
  }, [path]);
  return exists;
}

/**
 * The dashboard: what is happening on every added instance, at a glance. Read from the store,
 * refreshed when it changes (at most every two seconds while timelines stream).
 */
export function Dashboard() {
  const data = useThrottledLive(
    () => probe(db()),
    () => loadDashboard(db()),
  );
  const triage = usePageExists('/triage.html');
  return (
    <div class="page dashboard">
      <header class="topbar">
        <h1>
          <img src="/icon/48.png" alt="" width={24} height={24} /> {t('dashboardTitle')}
        </h1>
        <nav aria-label={t('dashboardNav')}>
          <a href={browser.runtime.getURL('/options.html')}>{t('optionsTitle')}</a>
          {triage ? (
            <a href={browser.runtime.getURL('/triage.html' as '/options.html')}>{t('openTriage')}</a>
          ) : (
            <span class="muted" title={t('triageSoon')}>
              {t('openTriage')}
            </span>
          )}
        </nav>
      </header>
      <main aria-busy={!data}>{data ? <Body data={data} /> : <p class="muted">{t('loading')}</p>}</main>
    </div>
  );
}

function Body({ data }: { data: DashboardData }) {
  const q = data.queue;
  const batches = useBatches();
  return (
    <>
      <section aria-label={t('dashTotals')} class="tiles">
        <Tile label={t('tileWaves')} value={data.totals.activeWaves} testid="tile-waves" />
        <Tile label={t('tileFlagged')} value={data.totals.flagged} testid="tile-flagged" />
        <Tile label={t('tileSeen')} value={data.totals.seen} testid="tile-seen" />
        <Tile label={t('tileActions')} value={data.totals.actions} testid="tile-actions" />
        <Tile label={t('tileQueue')} value={q.pending + q.running + q.paused} testid="tile-queue" />
      </section>

      <section aria-labelledby="chart-h" class="card-section">
        <h2 id="chart-h">{t('chartTitle')}</h2>
        <WavesChart series={data.series} />
      </section>

      <section aria-labelledby="waves-h" class="card-section">
        <h2 id="waves-h">{t('wavesTitle')}</h2>
        {data.waves.length === 0 ? (
          <p class="empty">{t('noWaves')}</p>
        ) : (
          <ul class="waves">
            {data.waves.map((w) => (
              <li key={w.id} data-wave={w.id} class="wave">
                <div class="wave-head">
                  <strong>{t('waveSize', formatNumber(w.size), formatNumber(w.accounts))}</strong>
                  <span class="muted small">
                    {t('waveSeen', formatRelative(w.firstSeen, data.now), formatRelative(w.lastSeen, data.now))}
                  </span>
                </div>
                <blockquote class="post-text">{withoutLeadingMentions(w.sampleText).slice(0, 280)}</blockquote>
                <div class="row small">
                  <span>{t('waveInstances', w.instances.join(', '))}</span>
                  {w.shared.length > 0 && (
                    <span class="muted">
                      {t('waveShared')}{' '}
                      {w.shared.slice(0, 4).map((s) => (
                        <code key={s}>{s}</code>
                      ))}
                    </span>
                  )}
                  {w.sampleUrl && (
                    <a href={w.sampleUrl} target="_blank" rel="noreferrer">
                      {t('waveSample')}
                    </a>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="inst-h" class="card-section">
        <h2 id="inst-h">{t('perInstanceTitle')}</h2>
        {data.instances.length === 0 ? (
          <p class="empty">{t('noInstancesDash')}</p>
        ) : (
          <table class="data" data-testid="per-instance">
            <thead>
              <tr>
                <th scope="col">{t('colInstance')}</th>
                <th scope="col">{t('colSeen')}</th>
                <th scope="col">{t('labelSpam')}</th>
                <th scope="col">{t('labelSuspicious')}</th>
                <th scope="col">{t('colActions24')}</th>
                <th scope="col">{t('colFailed')}</th>
                <th scope="col">{t('colPending')}</th>
              </tr>
            </thead>
            <tbody>
              {data.instances.map((i) => (
                <tr key={i.domain} data-domain={i.domain}>
                  <th scope="row">{i.domain}</th>
                  <td>{formatNumber(i.seen)}</td>
                  <td>{formatNumber(i.spam)}</td>
                  <td>{formatNumber(i.suspicious)}</td>
                  <td>{formatNumber(i.actions)}</td>
                  <td>{formatNumber(i.failed)}</td>
                  <td>{formatNumber(i.pending)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="queue-h" class="card-section">
        <h2 id="queue-h">{t('queueTitle')}</h2>
        <dl class="queue-state" data-testid="queue-state">
          {(
            [
              ['pending', t('qPending')],
              ['running', t('qRunning')],
              ['paused', t('qPaused')],
              ['done', t('qDone')],
              ['failed', t('qFailed')],
              ['cancelled', t('qCancelled')],
            ] as const
          ).map(([k, label]) => (
            <div key={k} class={`q ${k}`}>
              <dt>{label}</dt>
              <dd>{formatNumber(q[k])}</dd>
            </div>
          ))}
        </dl>
        <h3>{t('batchesTitle')}</h3>
        {batches && <Batches batches={batches} />}
        <p class="muted small">{t('queueHint')}</p>
      </section>
    </>
  );
}

function Tile(props: { label: string; value: number; testid: string }) {
  return (
    <div class="tile" data-testid={props.testid}>
      <div class="value">{formatNumber(props.value)}</div>
      <div class="label">{props.label}</div>
    </div>
  );
}
