import { Fragment } from 'preact';
import type { DomainRule, KeywordRule, PatternRule, RuleField } from '../../../core/rules/types';
import { compileSafeRegex } from '../../../core/rules/safe-regex';
import { NumberInput } from '../../components/NumberInput';
import { t, type MessageKey } from '../../i18n';
import { errorsAt, FIELDS, type Draft, type EntryList } from './draft';

/**
 * One entry list of a rule set as an editable table: keywords, patterns, link or instance domains,
 * username patterns. Each input is named for assistive technology and tests ("Keyword 2",
 * "Weight of pattern 1"); a pattern that the safe-regex checker refuses shows why, at once.
 */

const DEFAULT_WEIGHT: Record<EntryList, number> = {
  keywords: 0.9,
  patterns: 0.9,
  linkDomains: 0.9,
  instanceDomains: 0.5,
  usernamePatterns: 0.3,
};

const ITEM_KEY: Record<EntryList, MessageKey> = {
  keywords: 'itemKeyword',
  patterns: 'itemPattern',
  linkDomains: 'itemLinkDomain',
  instanceDomains: 'itemInstanceDomain',
  usernamePatterns: 'itemUsernamePattern',
};

export function fieldName(f: RuleField): string {
  return t(`field_${f}` as MessageKey);
}

type Entry = KeywordRule | PatternRule | DomainRule;

export function Entries(props: {
  list: EntryList;
  draft: Draft;
  errors: readonly string[];
  onChange: (items: Entry[]) => void;
}) {
  const { list, draft } = props;
  const items = draft[list] as Entry[];
  const item = (i: number) => t(ITEM_KEY[list], i + 1);
  const isPattern = list === 'patterns' || list === 'usernamePatterns';
  const isDomain = list === 'linkDomains' || list === 'instanceDomains';
  const hasField = list === 'keywords' || list === 'patterns';
  const set = (i: number, patch: Partial<KeywordRule & PatternRule & DomainRule>) =>
    props.onChange(items.map((e, j) => (j === i ? ({ ...e, ...patch } as Entry) : e)));
  const remove = (i: number) => props.onChange(items.filter((_, j) => j !== i));
  const add = () =>
    props.onChange([...items, (isPattern ? { regex: '' } : isDomain ? { domain: '' } : { text: '' }) as Entry]);

  return (
    <div class="entries" data-list={list}>
      {items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{isPattern ? t('colRegex') : isDomain ? t('colDomain') : t('colText')}</th>
              {isPattern && <th scope="col">{t('colFlags')}</th>}
              {hasField && <th scope="col">{t('colIn')}</th>}
              <th scope="col">{t('colWeight')}</th>
              <th scope="col">{t('colLabel')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('colActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((e, i) => {
              const main = isPattern
                ? (e as PatternRule).regex
                : isDomain
                  ? (e as DomainRule).domain
                  : (e as KeywordRule).text;
              // The checker runs as the pattern is typed; the validator's message (with its path) is the same.
              const live = isPattern && main ? compileSafeRegex(main, (e as PatternRule).flags ?? '') : null;
              const errs = errorsAt(props.errors, `${list}[${i}]`);
              const msg = live && !live.ok ? [live.error] : errs;
              const errId = `${list}-${i}-err`;
              return (
                <Fragment key={`${list}-${i}`}>
                  <tr class={msg.length ? 'has-error' : ''}>
                    <td>
                      <input
                        type="text"
                        class={isPattern ? 'mono wide' : 'wide'}
                        spellcheck={false}
                        aria-label={item(i)}
                        aria-invalid={msg.length > 0}
                        aria-describedby={msg.length ? errId : undefined}
                        value={main}
                        onInput={(ev) => {
                          const v = (ev.target as HTMLInputElement).value;
                          set(i, isPattern ? { regex: v } : isDomain ? { domain: v } : { text: v });
                        }}
                      />
                    </td>
                    {isPattern && (
                      <td>
                        <input
                          type="text"
                          class="mono tiny"
                          aria-label={t('flagsOf', item(i))}
                          value={(e as PatternRule).flags ?? ''}
                          placeholder="i"
                          onInput={(ev) => set(i, { flags: (ev.target as HTMLInputElement).value || undefined })}
                        />
                      </td>
                    )}
                    {hasField && (
                      <td>
                        <select
                          aria-label={t('fieldOf', item(i))}
                          value={(e as KeywordRule).in ?? 'post'}
                          onChange={(ev) => set(i, { in: (ev.target as HTMLSelectElement).value as RuleField })}
                        >
                          {FIELDS.map((f) => (
                            <option key={f} value={f}>
                              {fieldName(f)}
                            </option>
                          ))}
                        </select>
                      </td>
                    )}
                    <td>
                      <NumberInput
                        value={e.weight}
                        min={0}
                        max={1}
                        placeholder={String(DEFAULT_WEIGHT[list])}
                        ariaLabel={t('weightOf', item(i))}
                        onChange={(w) => set(i, { weight: w })}
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        aria-label={t('labelOf', item(i))}
                        value={e.label ?? ''}
                        onInput={(ev) => set(i, { label: (ev.target as HTMLInputElement).value || undefined })}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        class="icon"
                        onClick={() => remove(i)}
                        aria-label={t('removeItem', item(i))}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                  {msg.length > 0 && (
                    <tr class="error-row">
                      <td colSpan={6} id={errId} role="alert" class="field-error">
                        {isPattern && live && !live.ok ? t('dangerousRegex', live.error) : msg.join('; ')}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      <button type="button" onClick={add}>
        {t(`add_${list}` as MessageKey)}
      </button>
    </div>
  );
}
