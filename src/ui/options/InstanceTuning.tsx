import { useState } from 'preact/hooks';
import { DEFAULT_ACCOUNT_CAP } from '../../core/heuristics';
import { DEFAULTS } from '../../core/rules/compile';
import { send } from '../../messaging/client';
import type { InstanceRow, InstanceSettings } from '../../storage/db';
import { setInstanceSettings } from '../../storage/instances';
import { parseOptionalNumber, signalInfos } from '../components/signals';
import { Status, IDLE, type StatusState } from '../components/Status';
import { t } from '../i18n';

/**
 * Detection on one instance: the verdict thresholds and each built-in signal's threshold, and
 * signals switched off there. Stored with the instance; the background turns them into that
 * instance's rule override (src/core/rules/merge.ts, withInstanceTuning).
 */
export function InstanceTuning(props: { row: InstanceRow }) {
  const { row } = props;
  const signals = signalInfos();
  const initial = () => {
    const th = row.settings.thresholds ?? {};
    return {
      values: Object.fromEntries(Object.entries(th).map(([k, v]) => [k, String(v)])) as Record<string, string>,
      disabled: new Set(row.settings.disabledSignals ?? []),
    };
  };
  const [form, setForm] = useState(initial);
  const [status, setStatus] = useState<StatusState>(IDLE);
  const id = (k: string) => `tune-${row.domain}-${k}`;

  const setValue = (k: string, v: string) => setForm((f) => ({ ...f, values: { ...f.values, [k]: v } }));
  const toggle = (name: string, on: boolean) =>
    setForm((f) => {
      const disabled = new Set(f.disabled);
      if (on) disabled.delete(name);
      else disabled.add(name);
      return { ...f, disabled };
    });

  async function save(e: Event) {
    e.preventDefault();
    const thresholds: Record<string, number> = {};
    for (const [k, text] of Object.entries(form.values)) {
      const n = parseOptionalNumber(text);
      if (
        n === null ||
        (n !== undefined && n < 0) ||
        (n !== undefined && ['suspicious', 'spam', 'accountCap'].includes(k) && n > 1)
      ) {
        setStatus({ kind: 'error', message: t('tuningInvalid', text) });
        return;
      }
      if (n !== undefined) thresholds[k] = n;
    }
    if (
      thresholds.suspicious !== undefined &&
      thresholds.spam !== undefined &&
      thresholds.suspicious > thresholds.spam
    ) {
      setStatus({ kind: 'error', message: t('tuningOrder') });
      return;
    }
    const settings: InstanceSettings = { ...row.settings, thresholds, disabledSignals: [...form.disabled] };
    if (!Object.keys(thresholds).length) delete settings.thresholds;
    if (!settings.disabledSignals!.length) delete settings.disabledSignals;
    await setInstanceSettings(row.domain, settings);
    const res = await send({ type: 'ui:rulesChanged' });
    setStatus(res.ok ? { kind: 'done', message: t('tuningSaved') } : { kind: 'error', message: res.errors.join('; ') });
  }

  function reset() {
    setForm({ values: {}, disabled: new Set() });
  }

  return (
    <form class="tuning" onSubmit={(e) => void save(e)}>
      <fieldset>
        <legend>{t('verdictThresholds')}</legend>
        <div class="grid3">
          {(
            [
              ['suspicious', t('thresholdSuspicious'), DEFAULTS.suspicious],
              ['spam', t('thresholdSpam'), DEFAULTS.spam],
              ['accountCap', t('thresholdAccountCap'), DEFAULT_ACCOUNT_CAP],
            ] as const
          ).map(([k, label, def]) => (
            <label key={k} for={id(k)}>
              <span>{label}</span>
              <input
                id={id(k)}
                type="text"
                inputMode="decimal"
                placeholder={String(def)}
                value={form.values[k] ?? ''}
                onInput={(e) => setValue(k, (e.target as HTMLInputElement).value)}
              />
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('signalsTitle')}</legend>
        <table class="signals">
          <thead>
            <tr>
              <th scope="col">{t('signalColumn')}</th>
              <th scope="col">{t('signalOn')}</th>
              <th scope="col">{t('signalThresholdColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {signals.map((s) => (
              <tr key={s.name}>
                <th scope="row">
                  {s.title} <span class="group-tag">{s.group === 'account' ? t('groupAccount') : t('groupPost')}</span>
                </th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('signalEnabledNamed', s.title)}
                    checked={!form.disabled.has(s.name)}
                    onChange={(e) => toggle(s.name, (e.target as HTMLInputElement).checked)}
                  />
                </td>
                <td>
                  {s.hasThreshold ? (
                    <input
                      type="text"
                      inputMode="decimal"
                      class="narrow"
                      aria-label={`${s.title}: ${s.thresholdTitle}`}
                      title={s.thresholdTitle}
                      placeholder={String(s.defaults.threshold)}
                      value={form.values[s.name] ?? ''}
                      onInput={(e) => setValue(s.name, (e.target as HTMLInputElement).value)}
                    />
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <div class="row">
        <button type="submit" class="primary">
          {t('tuningSave')}
        </button>
        <button type="button" onClick={reset}>
          {t('tuningReset')}
        </button>
        <Status state={status} />
      </div>
    </form>
  );
}
