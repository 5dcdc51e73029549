/** MkTime in ja-JP: relative text, absolute `YYYY/MM/DD HH:mm:ss` title. */
const pad = (n: number) => String(n).padStart(2, '0');

export function absolute(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function relative(iso: string, now = Date.now()): string {
  const ago = (now - new Date(iso).getTime()) / 1000;
  if (ago >= 31536000) return `${Math.round(ago / 31536000)}年前`;
  if (ago >= 2592000) return `${Math.round(ago / 2592000)}ヶ月前`;
  if (ago >= 604800) return `${Math.round(ago / 604800)}週間前`;
  if (ago >= 86400) return `${Math.round(ago / 86400)}日前`;
  if (ago >= 3600) return `${Math.round(ago / 3600)}時間前`;
  if (ago >= 60) return `${Math.floor(ago / 60)}分前`;
  if (ago >= 10) return `${Math.floor(ago)}秒前`;
  if (ago >= -3) return 'たった今';
  return '未来';
}

export function timeEl(iso: string, cls = ''): HTMLElement {
  const t = document.createElement('time');
  t.setAttribute('title', absolute(iso));
  t.setAttribute('class', cls);
  t.textContent = relative(iso);
  t.dataset.simTime = iso;
  return t;
}

/** Keeps relative times fresh, as MkTime does. */
export function startClock(): void {
  setInterval(() => {
    for (const t of document.querySelectorAll<HTMLElement>('time[data-sim-time]')) {
      const iso = t.dataset.simTime!;
      const text = relative(iso);
      if (t.textContent !== text) t.textContent = text;
    }
  }, 10_000);
}

export function sameDay(a: string, b: string): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

export function dateLabel(iso: string): string {
  const d = new Date(iso);
  return `${d.getMonth() + 1}月 ${d.getDate()}日`;
}
