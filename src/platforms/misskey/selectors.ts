/**
 * Every CSS selector Breakwater uses on the Misskey web UI, in one place. Misskey's production
 * class names are hashed per version (`'x' + base62(hash(path-class)).slice(0, 4)`) and differ in
 * every fork, so none is used here: only structure, links and the few stable attributes. Each
 * alternative has a comment saying where it comes from; all are proven against the captures in
 * ../shared/fixtures/misskey/dom (Misskey 2025.7.0) by test/dom/misskey.test.ts, and against the
 * simulated 2024.2.0 and 2025.7.0 web UIs by test/e2e/misskey.e2e.ts.
 * Sources: ../shared/reference/web-ui-dom.md section 2, the fixtures' README ("DOM hooks for notes").
 */

export const SEL = {
  // ---- the shell (backend `server/web/views/base.pug`) -----------------------------------------
  /** The instance meta JSON (`MF/instance.ts` reads it; 2023.x to 2025.x). Removed in the captures. */
  meta: 'script#misskey_meta[type="application/json"]',
  /** `<meta name="application-name" content="Misskey">`; forks put their own name in it. */
  applicationName: 'meta[name="application-name"]',
  /** `<meta property="instance_url" content="https://host">` (2023.x to 2025.x). */
  instanceUrl: 'meta[property="instance_url"]',
  /** Where the SPA mounts (`MF/boot/common.ts`). */
  app: '#misskey_app',

  // ---- notes ---------------------------------------------------------------------------------
  /**
   * The timeline item's id (2025.x `MkStreamingNotesTimeline`, notification lists): on the MkNote
   * root, or on a class-less wrapper around it when a date separator or an ad slot goes with the
   * note. A pure renote's is the renote's own id; a notification's the notification's id. Absent
   * in 2024.2 (no id attribute at all there).
   */
  anchor: '[data-scroll-anchor]',
  /**
   * A note element is the MkNote root: the element whose child `<article>` holds the note. Its own
   * permalink sits in MkNoteHeader, `article > div.main > header`, around the `<time>`
   * (2024.2 and 2025.x). The reply preview above a reply (MkNoteSub) and a quoted note
   * (MkNoteSimple) have a header too, but no `<article>` of their own, so their `/notes/` links,
   * which come first in a reply, never match; nor do URL preview cards (`article > header > h1`).
   */
  notePermalink: [':scope > div > header a[href^="/notes/"]'],
  /**
   * The note page (`/notes/:id`, MkNoteDetailed): `article > header` with the author's links
   * (a URL preview card's `article > header` holds only an `h1`), then the content, then
   * `article > footer` whose info line links the time to the note.
   */
  detailedHeader: ':scope > header a[href^="/@"]',
  detailedPermalink: [':scope > footer a[href^="/notes/"]'],
  /**
   * The author, as `/@user` (local) or `/@user@host` (remote):
   * 1. MkNote's avatar link, first in the article (MkAvatar with `link`, `title` = acct);
   * 2. MkNoteHeader's display-name link;
   * 3. MkNoteDetailed's avatar and name links in its header.
   */
  author: [':scope > a[href^="/@"]', ':scope > div > header > a[href^="/@"]', ':scope > header a[href^="/@"]'],

  /** Colour scheme: `html[data-color-scheme="light|dark"]` (set by `MF/theme.ts` when a theme applies). */
  colorSchemeAttr: 'data-color-scheme',
} as const;
