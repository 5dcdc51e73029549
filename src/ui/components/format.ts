import { browser } from 'wxt/browser';

/** Numbers, times and durations in the browser's language (the one Breakwater's text is in). */

export function uiLanguage(): string {
  try {
    return browser.i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(uiLanguage()).format(n);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 hours ago", "in 5 minutes", "now". */
export function formatRelative(at: number, now = Date.now()): string {
  const rtf = new Intl.RelativeTimeFormat(uiLanguage(), { numeric: 'auto' });
  const diff = at - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(0, 'minute');
}

export function formatDateTime(at: number): string {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

export function formatTime(at: number): string {
  return new Intl.DateTimeFormat(uiLanguage(), { hour: '2-digit', minute: '2-digit' }).format(at);
}

/** Saves text as a file the browser downloads. */
export function download(text: string, filename: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a file the user picked (input type=file), refusing one over `maxBytes` before reading it. */
export async function readPickedFile(
  e: Event,
  maxBytes: number,
): Promise<{ name: string; text: string } | { tooLarge: number } | null> {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return null;
  if (file.size > maxBytes) return { tooLarge: file.size };
  return { name: file.name, text: await file.text() };
}

/** A post's text without the run of @mentions it starts with (spam waves open with a dozen). */
export function withoutLeadingMentions(text: string): string {
  const rest = text.replace(/^\s*(?:@[^\s@]+(?:@[^\s@]+)?\s+)+/u, '');
  return rest.trim() ? rest : text;
}
