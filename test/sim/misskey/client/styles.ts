/**
 * A readable light theme keyed on the hashed class names (Misskey's own CSS is not reproduced; the
 * colours are the theme variables the fixture pages carry on <html>).
 */
import { C, cx } from './css';

const THEME = `
--MI_THEME-accent: rgb(134, 179, 0); --MI_THEME-accentedBg: rgba(134, 179, 0, 0.15); --MI_THEME-bg: rgb(249, 249, 249);
--MI_THEME-fg: rgb(103, 103, 103); --MI_THEME-fgHighlighted: rgb(95, 95, 95); --MI_THEME-divider: rgb(232, 232, 232);
--MI_THEME-panel: rgb(255, 255, 255); --MI_THEME-navBg: rgb(255, 255, 255); --MI_THEME-link: rgb(68, 164, 193);
--MI_THEME-hashtag: rgb(255, 145, 86); --MI_THEME-mention: rgb(134, 179, 0); --MI_THEME-mentionMe: rgb(0, 179, 70);
--MI_THEME-renote: rgb(34, 158, 130); --MI_THEME-deckBg: rgb(241, 241, 241); --MI_THEME-header: rgba(255, 255, 255, 0.7);
`;

export function injectStyles(): void {
  const N = C.note;
  const nav = (n: string) => cx('ui/_common_/navbar', n);
  const T = (n: string) => cx('components/global/MkPageHeader.tabs', n);
  const css = `
:root { ${THEME} }
html { color-scheme: light; }
html, body { margin: 0; background: var(--MI_THEME-bg); color: var(--MI_THEME-fg); font-family: "Hiragino Maru Gothic Pro", "BIZ UDGothic", Roboto, "Noto Sans JP", HelveticaNeue, Arial, sans-serif; font-size: 14px; line-height: 1.35; }
a { color: var(--MI_THEME-link); text-decoration: none; }
._button { appearance: none; border: none; background: none; padding: 0; margin: 0; font: inherit; color: inherit; cursor: pointer; }
._panel { background: var(--MI_THEME-panel); border-radius: 12px; overflow: clip; }
._gaps { display: flex; flex-direction: column; gap: 12px; }
._fullinfo { padding: 32px; text-align: center; opacity: .7; }
._spacer { max-width: var(--MI_SPACER-w); margin: 0 auto; padding: 24px; box-sizing: border-box; }
.ti::before { content: "•"; font-style: normal; display: inline-block; width: 1em; text-align: center; }
.ti-arrow-back-up::before { content: "↩"; } .ti-repeat::before { content: "⟳"; } .ti-plus::before { content: "+"; }
.ti-dots::before { content: "⋯"; } .ti-home::before { content: "⌂"; } .ti-bell::before { content: "🔔"; }
.ti-external-link::before { content: "↗"; font-size: .8em; } .ti-planet::before { content: "◎"; } .ti-universe::before { content: "✳"; }
.ti-whirl::before { content: "◌"; } .ti-list::before { content: "☰"; } .ti-antenna::before { content: "⌁"; } .ti-device-tv::before { content: "▭"; }
.ti-chevron-up::before { content: "▴"; } .ti-chevron-down::before { content: "▾"; } .ti-circle-arrow-up::before { content: "⬆"; }
.${cx('ui/universal', 'root')} { display: flex; height: 100vh; overflow: hidden; }
.xDP2x { flex-shrink: 0; }
.${nav('root')} { width: 230px; height: 100vh; background: var(--MI_THEME-navBg); box-sizing: border-box; padding: 16px 12px; }
.${nav('body')} { display: flex; flex-direction: column; height: 100%; }
.${nav('top')} { padding: 8px 12px 20px; } .${nav('top')} img { width: 38px; height: 38px; border-radius: 8px; }
.${nav('item')} { display: flex; align-items: center; gap: 10px; padding: 10px 14px; border-radius: 999px; color: var(--MI_THEME-fg); font-size: 15px; }
.${nav('active')} { color: var(--MI_THEME-accent); background: var(--MI_THEME-accentedBg); }
.${nav('divider')} { border-top: 1px solid var(--MI_THEME-divider); margin: 12px 0; }
.${nav('bottom')} { margin-top: auto; } .${nav('account')} { display: flex; align-items: center; gap: 8px; padding: 8px; }
.${nav('avatar')} { width: 32px; height: 32px; display: inline-block; }
.${cx('ui/universal', 'contents')} { flex: 1; min-width: 0; }
._pageContainer { height: 100vh; } ._pageScrollable { height: 100%; overflow-y: auto; }
.${cx('ui/universal', 'widgets')} { width: 320px; flex-shrink: 0; padding: 16px; box-sizing: border-box; overflow-y: auto; border-left: 1px solid var(--MI_THEME-divider); }
.${cx('components/MkContainer', 'header')} { padding: 12px 16px; border-bottom: 1px solid var(--MI_THEME-divider); font-weight: bold; }
.${cx('components/MkStickyContainer', 'header')} { position: sticky; top: 0; z-index: 10; background: var(--MI_THEME-header); backdrop-filter: blur(12px); border-bottom: 1px solid var(--MI_THEME-divider); }
.${cx('components/global/MkPageHeader', 'upper')} { display: flex; align-items: center; justify-content: center; height: 52px; }
.${cx('components/global/MkPageHeader', 'title')} { font-weight: bold; }
.x5vNM { display: flex; gap: 4px; }
.${T('tab')} { padding: 8px 12px; border-radius: 8px; opacity: .7; } .${T('tab')} .xjQuN { display: flex; gap: 6px; align-items: center; }
.${T('active')} { opacity: 1; color: var(--MI_THEME-accent); box-shadow: inset 0 -3px 0 var(--MI_THEME-accent); }
.${C.tl('root')} { position: relative; }
.${C.tl('notes')}, .${C.notes2024('root')}, .${C.ntl('items')} { background: var(--MI_THEME-panel); border-radius: 12px; overflow: clip; }
.${C.notes2024('root')}._gaps { gap: 0; }
.${C.tl('notes')} > *, .${C.notes2024('root')} > .${N('root')}, .${C.ntl('items')} > * { border-bottom: 1px solid var(--MI_THEME-divider); }
.${C.tl('new')} { position: sticky; top: 64px; z-index: 5; display: flex; justify-content: center; height: 0; overflow: visible; }
.${C.tl('new')} button { background: var(--MI_THEME-accent); color: #fff; border-radius: 999px; padding: 8px 18px; box-shadow: 0 2px 8px rgba(0,0,0,.2); margin-top: 8px; }
.${C.tl('more')} { text-align: center; padding: 16px; } .${C.tl('more')} button { padding: 8px 24px; border-radius: 999px; background: var(--MI_THEME-panel); }
.${C.tl('date')}, .${C.dsl('separator')} { display: flex; justify-content: center; gap: 12px; padding: 6px; font-size: 12px; opacity: .75; }
.${N('root')} { position: relative; font-size: 1.05em; background: var(--MI_THEME-panel); }
.${N('root')}:focus-visible { outline: 2px solid var(--MI_THEME-accent); outline-offset: -2px; }
.${N('article')} { display: flex; padding: 24px 28px 14px; }
.${N('avatar')} { flex-shrink: 0; width: 58px; height: 58px; margin-right: 14px; }
.${C.avatar('root')} { display: inline-block; position: relative; vertical-align: bottom; }
.${C.avatar('inner')} img, .${C.avatar('root')} img { width: 100%; height: 100%; border-radius: 100%; object-fit: cover; display: block; }
.${C.avatar('inner')} { width: 100%; height: 100%; }
.${N('main')} { flex: 1; min-width: 0; }
.${C.header('root')} { display: flex; align-items: baseline; white-space: nowrap; overflow: clip; gap: .5em; }
.${C.header('name')} { font-weight: bold; color: var(--MI_THEME-fgHighlighted); overflow: hidden; text-overflow: ellipsis; flex-shrink: 1; }
.${C.header('username')} { overflow: hidden; text-overflow: ellipsis; flex-shrink: 9999; }
.${C.header('info')} { margin-left: auto; font-size: .9em; } .${C.header('info')} a { color: inherit; }
.${N('text')} { overflow-wrap: break-word; margin-top: 2px; color: var(--MI_THEME-fgHighlighted); }
.${N('replyIcon')} { color: var(--MI_THEME-accent); margin-right: .5em; }
img.xagin { height: 1.25em; vertical-align: -0.25em; }
.${C.mention('root')} { display: inline-block; padding: 3px 8px 3px 3px; border-radius: 999px; color: var(--MI_THEME-mention); background: rgba(134, 179, 0, .1); }
.${C.mention('isMe')} { color: var(--MI_THEME-mentionMe); }
.${C.mention('icon')} { width: 1.5em; height: 1.5em; border-radius: 100%; vertical-align: middle; margin-right: 4px; }
.${C.mention('host')} { opacity: .5; }
.${C.url('root')} { word-break: break-all; } .${C.url('hostname')} { font-weight: bold; } .${C.url('schema')}, .${C.url('query')} { opacity: .7; }
.${N('footer')} { display: flex; gap: 28px; margin-top: 8px; opacity: .75; } .${N('footerButton')} { display: flex; align-items: center; gap: 4px; padding: 4px; }
.${N('footerButtonCount')} { margin: 0; font-size: .9em; }
.${N('renote')} { display: flex; align-items: center; gap: 4px; padding: 16px 28px 0; color: var(--MI_THEME-renote); white-space: nowrap; }
.${N('renoteAvatar')} { width: 28px; height: 28px; margin-right: 8px; }
.${N('renoteText')} { overflow: hidden; text-overflow: ellipsis; } .${N('renoteUserName')} { font-weight: bold; color: inherit; }
.${N('renoteInfo')} { margin-left: auto; font-size: .9em; }
.${N('cw')} { margin: 0; } .${N('cw')} button { display: block; width: 100%; padding: 4px; border-radius: 999px; background: rgba(0,0,0,.05); font-size: .85em; }
.${N('quote')} { margin-top: 8px; border: 1px dashed var(--MI_THEME-accent); border-radius: 8px; padding: 12px; }
.${C.simple('root')}, .${C.sub('main')} { display: flex; gap: 10px; }
.${C.simple('avatar')} { width: 34px; height: 34px; flex-shrink: 0; } .${C.simple('main')}, .${C.sub('body')} { flex: 1; min-width: 0; }
.${C.sub('root')} { padding: 18px 28px 0; opacity: .75; } .${C.sub('avatar')} { width: 37px; height: 37px; flex-shrink: 0; }
.${C.preview('link')} { display: block; margin-top: 8px; border: 1px solid var(--MI_THEME-divider); border-radius: 8px; padding: 12px 14px; color: var(--MI_THEME-fg); }
.${C.preview('title')} { font-size: 1em; margin: 0 0 4px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.${C.preview('text')} { margin: 0 0 6px; font-size: .85em; } .xuHaL { margin: 0; font-size: .8em; }
.${C.media('medias')} { display: grid; gap: 8px; margin-top: 8px; } .${C.media('n2')} { grid-template-columns: 1fr 1fr; }
.${C.mediaImage('imageContainer')} img { width: 100%; max-height: 320px; object-fit: cover; border-radius: 8px; display: block; }
.${C.ticker('root')} { display: flex; align-items: center; gap: 4px; height: 1.4em; border-radius: 4px 0 0 4px; padding: 0 6px; margin: 2px 0 4px; color: #fff; font-size: .8em; overflow: hidden; }
.${C.ticker('icon')} { height: 1em; }
.${C.ntl('item')} { background: var(--MI_THEME-panel); }
.${C.notification('root')} { display: flex; gap: 10px; padding: 16px; }
.${C.notification('head')} { position: relative; width: 42px; height: 42px; flex-shrink: 0; } .${C.notification('icon')} { width: 42px; height: 42px; }
.${C.notification('subIcon')} { position: absolute; right: -4px; bottom: -4px; width: 18px; height: 18px; border-radius: 100%; background: var(--MI_THEME-accent); color: #fff; font-size: 10px; display: flex; align-items: center; justify-content: center; }
.${C.notification('tail')} { flex: 1; min-width: 0; } .${C.notification('header')} { display: flex; justify-content: space-between; font-size: .9em; }
.${C.notification('text')} { color: inherit; }
.${C.detailed('root')} { background: var(--MI_THEME-panel); } .${C.detailed('note')} { padding: 24px 28px; font-size: 1.1em; }
.${C.detailed('noteHeader')} { display: flex; gap: 14px; align-items: center; margin-bottom: 12px; } .${C.detailed('noteHeaderAvatar')} { width: 58px; height: 58px; }
.${C.detailed('noteHeaderName')} { font-weight: bold; color: var(--MI_THEME-fgHighlighted); }
.${C.detailed('renote')} { display: flex; align-items: center; gap: 6px; padding: 16px 28px 0; color: var(--MI_THEME-renote); }
.${C.detailed('renoteAvatar')} { width: 28px; height: 28px; }
.ftskorzw .main._panel { position: relative; padding-bottom: 16px; }
.ftskorzw .banner-container { height: 140px; background: linear-gradient(120deg, #c8df89, #86b300); }
.ftskorzw .avatar { width: 96px; height: 96px; margin: -48px 0 0 24px; border: 4px solid var(--MI_THEME-panel); border-radius: 100%; }
.ftskorzw .title, .ftskorzw .description, .ftskorzw .fields, .ftskorzw .status { padding: 8px 24px; }
.ftskorzw .name { font-size: 1.4em; font-weight: bold; } .ftskorzw .status { display: flex; gap: 24px; } .ftskorzw dl { display: flex; gap: 12px; margin: 0; }
.${cx('ui/deck', 'root')} { display: flex; height: 100vh; overflow: hidden; background: var(--MI_THEME-deckBg); }
.${cx('ui/deck', 'main')} { flex: 1; min-width: 0; overflow-x: auto; }
.${cx('ui/deck', 'columns')} { display: flex; gap: 10px; padding: 10px; height: 100vh; box-sizing: border-box; }
.${cx('ui/deck', 'section')} { flex-shrink: 0; height: 100%; }
.${cx('ui/deck/column', 'root')} { display: flex; flex-direction: column; height: 100%; border-radius: 10px; overflow: clip; background: var(--MI_THEME-panel); }
.${cx('ui/deck/column', 'header')} { display: flex; align-items: center; justify-content: space-between; height: 38px; padding: 0 12px; border-bottom: 1px solid var(--MI_THEME-divider); font-weight: bold; }
.${cx('ui/deck/column', 'body')} { flex: 1; overflow-y: auto; }
.${cx('ui/deck/column', 'body')} .${N('article')} { padding: 16px 16px 10px; } .${cx('ui/deck/column', 'body')} .${N('avatar')} { width: 46px; height: 46px; }
.${cx('ui/deck/column', 'body')} .${N('renote')}, .${cx('ui/deck/column', 'body')} .${C.sub('root')} { padding-left: 16px; padding-right: 16px; }
.sim-miauth h1 { font-size: 1.2em; } .sim-primary { background: var(--MI_THEME-accent); color: #fff; padding: 8px 24px; border-radius: 999px; }
`;
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
}
