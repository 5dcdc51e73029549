import { SIGNALS } from '../../core/heuristics';
import type { Signal } from '../../core/heuristics/types';
import { t, type MessageKey } from '../i18n';

/** The built-in signals with their names and threshold meanings in the browser's language. */
export interface SignalInfo {
  name: string;
  group: Signal['group'];
  defaults: Signal['defaults'];
  /** False when the signal has no threshold. */
  hasThreshold: boolean;
  title: string;
  thresholdTitle: string;
}

const key = (prefix: string, name: string) => `${prefix}_${name.replace(/-/g, '_')}` as MessageKey;

export function signalInfos(): SignalInfo[] {
  return SIGNALS.map((s) => ({
    name: s.name,
    group: s.group,
    defaults: s.defaults,
    hasThreshold: s.thresholdMeaning !== 'unused',
    title: t(key('signal', s.name)),
    thresholdTitle: s.thresholdMeaning !== 'unused' ? t(key('signalThreshold', s.name)) : '',
  }));
}

/** A number typed in a field: '' is "not set" (the default applies), anything else must be finite. */
export function parseOptionalNumber(text: string): number | undefined | null {
  const s = text.trim().replace(',', '.');
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
