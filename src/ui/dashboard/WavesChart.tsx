import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { uiLanguage } from '../components/format';
import { t } from '../i18n';
import type { Series } from './stats';

/**
 * Waves over time: flagged posts per hour (in waves, and flagged on their own) as bars, and the
 * number of waves active each hour as a line on its own axis. Drawn by uPlot (51 KB minified,
 * 22 KB gzipped; only this page loads it). The same figures are in a table below for screen
 * readers and keyboard users, since a canvas says nothing to them.
 */
function colors() {
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    wave: v('--c-spam', '#c0392b'),
    other: v('--c-suspicious', '#d68910'),
    active: v('--c-accent', '#2563eb'),
    text: v('--c-muted', '#666'),
    grid: v('--c-border', '#ddd'),
  };
}

/** Tick labels: the hour (24-hour clock), and the date where a day begins. */
function tickLabel(sec: number): string {
  const d = new Date(sec * 1000);
  const lang = uiLanguage();
  if (d.getHours() === 0) return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric' }).format(d);
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** Whole numbers only: counts of posts and waves. */
const WHOLE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

export function WavesChart(props: { series: Series }) {
  const ref = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const s = props.series;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = colors();
    const bars = uPlot.paths.bars!({ size: [0.8, 24], gap: 1 });
    const steps = uPlot.paths.stepped!({ align: 1 });
    const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid } };
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height: 260,
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        posts: { range: (_u, _min, max) => [0, Math.max(4, max)] },
        waves: { range: (_u, _min, max) => [0, Math.max(2, max)] },
      },
      axes: [
        {
          ...axis,
          space: 60,
          incrs: [3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600, 86_400],
          values: (_u, ticks) => ticks.map(tickLabel),
        },
        { ...axis, scale: 'posts', label: t('chartPosts'), incrs: WHOLE },
        { ...axis, scale: 'waves', side: 1, label: t('chartWaves'), grid: { show: false }, incrs: WHOLE },
      ],
      series: [
        { label: t('chartHour'), value: (_u, v) => (v == null ? '' : new Date(v * 1000).toLocaleString(uiLanguage())) },
        {
          label: t('chartInWaves'),
          scale: 'posts',
          stroke: c.wave,
          fill: c.wave + 'cc',
          paths: bars,
          points: { show: false },
        },
        {
          label: t('chartOtherFlagged'),
          scale: 'posts',
          stroke: c.other,
          fill: c.other + '99',
          paths: bars,
          points: { show: false },
        },
        {
          label: t('chartActiveWaves'),
          scale: 'waves',
          stroke: c.active,
          width: 2,
          paths: steps,
          points: { show: false },
        },
      ],
    };
    plot.current = new uPlot(opts, [s.x, s.inWaves, s.otherFlagged, s.activeWaves], el);
    const onResize = () => plot.current?.setSize({ width: Math.max(320, el.clientWidth), height: 260 });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData([s.x, s.inWaves, s.otherFlagged, s.activeWaves]);
  }, [s]);

  const total = s.inWaves.reduce((a, b) => a + b, 0) + s.otherFlagged.reduce((a, b) => a + b, 0);
  const rows = s.x
    .map((x, i) => ({ x, w: s.inWaves[i]!, o: s.otherFlagged[i]!, a: s.activeWaves[i]! }))
    .filter((r) => r.w || r.o || r.a);
  return (
    <figure class="chart">
      <div
        ref={ref}
        role="img"
        aria-label={t('chartSummary', total, Math.max(0, ...s.activeWaves), s.x.length)}
        data-testid="waves-chart"
      />
      <figcaption class="muted small">{t('chartCaption', s.x.length)}</figcaption>
      <details>
        <summary>{t('chartAsTable')}</summary>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t('chartHour')}</th>
              <th scope="col">{t('chartInWaves')}</th>
              <th scope="col">{t('chartOtherFlagged')}</th>
              <th scope="col">{t('chartActiveWaves')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.x}>
                <th scope="row">{new Date(r.x * 1000).toLocaleString(uiLanguage())}</th>
                <td>{r.w}</td>
                <td>{r.o}</td>
                <td>{r.a}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
