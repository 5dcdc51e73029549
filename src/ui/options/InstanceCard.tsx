import { useState } from 'preact/hooks';
import { send } from '../../messaging/client';
import type { InstanceRow } from '../../storage/db';
import { setInstanceSettings } from '../../storage/instances';
import { formatRelative } from '../components/format';
import { Status, IDLE, type StatusState } from '../components/Status';
import { Switch } from '../components/Switch';
import { t } from '../i18n';
import { InstanceTuning } from './InstanceTuning';
import type { TokenInfo } from './Instances';

/** Who the user is on an instance, as the content script reported it or a sign-in recorded it. */
export function loginText(row: InstanceRow): string {
  const who = row.login.account ? `@${row.login.account}` : t('unknownAccount');
  switch (row.login.kind) {
    case 'none':
      return t('loginNone');
    case 'page':
      return t('loginPage', who);
    case 'oauth':
    case 'miauth':
      return t('loginSignin', who);
  }
}

export function roleText(role: InstanceRow['role']): string {
  return role === 'admin'
    ? t('roleAdmin')
    : role === 'moderator'
      ? t('roleModerator')
      : role === 'user'
        ? t('roleUser')
        : t('roleUnknown');
}

export function InstanceCard(props: { row: InstanceRow; tokens: TokenInfo }) {
  const { row, tokens } = props;
  const [status, setStatus] = useState<StatusState>(IDLE);
  const signin = tokens.find((x) => x.source === 'signin');
  const page = tokens.find((x) => x.source === 'page');
  const moderator = row.role === 'moderator' || row.role === 'admin';

  async function onRemove() {
    await send({ type: 'ui:removeInstance', domain: row.domain });
  }

  async function onSignIn() {
    setStatus({ kind: 'busy', message: t('signingIn') });
    try {
      const res = await send({ type: 'ui:signIn', domain: row.domain });
      if (res.ok) setStatus({ kind: 'done', message: t('signedIn', res.account ? `@${res.account}` : row.domain) });
      else setStatus({ kind: 'error', message: res.code === 'unavailable' ? t('signInUnavailable') : res.message });
    } catch (e) {
      setStatus({ kind: 'error', message: String(e) });
    }
  }

  async function onSignOut() {
    await send({ type: 'ui:signOut', domain: row.domain });
    setStatus({ kind: 'done', message: t('signedOut', row.domain) });
  }

  async function onPause(paused: boolean) {
    await setInstanceSettings(row.domain, { ...row.settings, paused });
  }

  return (
    <li data-domain={row.domain} class="instance">
      <div class="instance-head">
        <h3>
          <a href={`${row.origin}/`} target="_blank" rel="noreferrer">
            {row.domain}
          </a>
        </h3>
        <span class={`badge platform ${row.platform}`}>{row.platform === 'mastodon' ? 'Mastodon' : 'Misskey'}</span>
        <span class="muted">
          {row.software} {row.version}
        </span>
        <span class="spacer" />
        <Switch
          checked={!!row.settings.paused}
          onChange={(v) => void onPause(v)}
          label={t('pausedHere')}
          ariaLabel={t('pauseOnNamed', row.domain)}
        />
        <button
          type="button"
          class="danger"
          onClick={() => void onRemove()}
          aria-label={t('removeInstanceNamed', row.domain)}
        >
          {t('removeInstance')}
        </button>
      </div>
      <dl class="facts">
        <dt>{t('loginLabel')}</dt>
        <dd data-login={row.login.kind}>
          {loginText(row)}
          {row.login.checkedAt ? <span class="muted"> · {formatRelative(row.login.checkedAt)}</span> : null}
        </dd>
        <dt>{t('roleLabel')}</dt>
        <dd data-role={row.role}>
          {roleText(row.role)}
          {moderator && row.capabilities.length ? <span class="muted"> · {row.capabilities.join(', ')}</span> : null}
        </dd>
        <dt>{t('tokenLabel')}</dt>
        <dd>
          {signin ? (
            <span>
              {t('tokenSignin')}{' '}
              <span class="scopes" aria-label={t('tokenScopes')}>
                {(signin.scopes.length ? signin.scopes : [t('scopesUnknown')]).map((s) => (
                  <code key={s}>{s}</code>
                ))}
              </span>
            </span>
          ) : page ? (
            t('tokenPage')
          ) : (
            t('tokenNone')
          )}
        </dd>
      </dl>
      <div class="row">
        {signin ? (
          <button type="button" onClick={() => void onSignOut()}>
            {t('signOut')}
          </button>
        ) : (
          <button type="button" onClick={() => void onSignIn()} aria-label={t('signInNamed', row.domain)}>
            {t('signIn')}
          </button>
        )}
        <Status state={status} />
      </div>
      <details class="tuning-box">
        <summary>{t('tuningTitle')}</summary>
        <p class="muted">{t('tuningIntro')}</p>
        <InstanceTuning row={row} />
      </details>
    </li>
  );
}
