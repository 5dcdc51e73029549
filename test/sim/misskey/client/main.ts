/**
 * Boot (MF/boot/common.ts + main-boot.ts in spirit): read the account from localStorage.account and the
 * meta from #misskey_meta, pick the UI (`localStorage.ui`: universal, deck, zen; visitor when logged
 * out), mount into div#misskey_app, drop the splash.
 */
import { env } from './env';
import { injectStyles } from './styles';
import { startClock } from './time';
import { deck, universal } from './ui';

function boot(): void {
  injectStyles();
  document.documentElement.setAttribute('lang', 'ja-JP');
  document.documentElement.dataset.colorScheme = 'light';
  const app = document.createElement('div');
  app.id = 'misskey_app';
  document.body.appendChild(app);
  const params = new URLSearchParams(location.search);
  const ui = params.get('ui') ?? (params.has('zen') ? 'zen' : localStorage.getItem('ui'));
  if (env.account && ui === 'deck') deck(app);
  else universal(app, !env.account || ui === 'zen');
  document.getElementById('splash')?.remove();
  startClock();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
