import { DEFAULT_ACCOUNT_CAP } from '../../../core/heuristics';
import { DEFAULTS } from '../../../core/rules/compile';
import type { SignalSettings } from '../../../core/heuristics/types';
import { NumberInput } from '../../components/NumberInput';
import { signalInfos } from '../../components/signals';
import { t } from '../../i18n';
import { errorsAt, type Draft } from './draft';

/** A rule set's settings: verdict thresholds, wave settings, and each built-in signal's switch, weight and threshold. */
export function Settings(props: { draft: Draft; errors: readonly string[]; onChange: (d: Draft) => void }) {
  const { draft } = props;
  const set = (patch: Partial<Draft>) => props.onChange({ ...draft, ...patch });
  const signal = (name: string, patch: Partial<SignalSettings>) => {
    const signals = { ...draft.signals };
    const next = { ...signals[name], ...patch };
    for (const k of Object.keys(next) as (keyof SignalSettings)[]) if (next[k] === undefined) delete next[k];
    if (Object.keys(next).length) signals[name] = next;
    else delete signals[name];
    set({ signals });
  };
  const errs = (p: string) => errorsAt(props.errors, p);
  return (
    <div class="settings">
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
            <label key={k}>
              <span>{label}</span>
              <NumberInput
                value={draft.thresholds?.[k]}
                min={0}
                max={1}
                placeholder={String(def)}
                ariaLabel={label}
                onChange={(v) => set({ thresholds: { ...draft.thresholds, [k]: v } })}
              />
            </label>
          ))}
        </div>
        {errs('thresholds').map((e) => (
          <p class="field-error" role="alert" key={e}>
            {e}
          </p>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('waveSettings')}</legend>
        <div class="grid3">
          {(
            [
              ['minAccounts', t('waveMinAccounts'), DEFAULTS.minAccounts],
              ['minMeanScore', t('waveMinMeanScore'), DEFAULTS.minMeanScore],
              ['youngDays', t('waveYoungDays'), DEFAULTS.youngDays],
            ] as const
          ).map(([k, label, def]) => (
            <label key={k}>
              <span>{label}</span>
              <NumberInput
                value={draft.wave?.[k]}
                min={0}
                placeholder={String(def)}
                ariaLabel={label}
                onChange={(v) => set({ wave: { ...draft.wave, [k]: v } })}
              />
            </label>
          ))}
        </div>
        {errs('wave').map((e) => (
          <p class="field-error" role="alert" key={e}>
            {e}
          </p>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('signalsTitle')}</legend>
        <p class="muted small">{t('signalsRuleIntro')}</p>
        <table class="signals">
          <thead>
            <tr>
              <th scope="col">{t('signalColumn')}</th>
              <th scope="col">{t('signalOn')}</th>
              <th scope="col">{t('colWeight')}</th>
              <th scope="col">{t('signalThresholdColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {signalInfos().map((s) => {
              const cur = draft.signals?.[s.name] ?? {};
              const e = errs(`signals.${s.name}`);
              return (
                <tr key={s.name} class={e.length ? 'has-error' : ''}>
                  <th scope="row">
                    {s.title}{' '}
                    <span class="group-tag">{s.group === 'account' ? t('groupAccount') : t('groupPost')}</span>
                    {e.length > 0 && <div class="field-error">{e.join('; ')}</div>}
                  </th>
                  <td>
                    <select
                      aria-label={t('signalEnabledNamed', s.title)}
                      value={cur.enabled === undefined ? '' : cur.enabled ? 'on' : 'off'}
                      onChange={(ev) => {
                        const v = (ev.target as HTMLSelectElement).value;
                        signal(s.name, { enabled: v === '' ? undefined : v === 'on' });
                      }}
                    >
                      <option value="">{t('signalDefault')}</option>
                      <option value="on">{t('signalOnValue')}</option>
                      <option value="off">{t('signalOffValue')}</option>
                    </select>
                  </td>
                  <td>
                    <NumberInput
                      value={cur.weight}
                      min={0}
                      max={1}
                      placeholder={String(s.defaults.weight)}
                      ariaLabel={t('weightOf', s.title)}
                      onChange={(v) => signal(s.name, { weight: v })}
                    />
                  </td>
                  <td>
                    {s.hasThreshold ? (
                      <NumberInput
                        value={cur.threshold}
                        min={0}
                        placeholder={String(s.defaults.threshold)}
                        ariaLabel={`${s.title}: ${s.thresholdTitle}`}
                        onChange={(v) => signal(s.name, { threshold: v })}
                      />
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
    </div>
  );
}
