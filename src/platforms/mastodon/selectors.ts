/**
 * Every CSS selector Breakwater uses on the Mastodon web UI (and glitch-soc, Hometown), in one
 * place. Alternatives are arrays, tried in order; each has a comment saying where it comes from.
 * Proven against the captures in ../shared/fixtures/mastodon/{4.6.5,4.2.0}/dom by test/dom/.
 * Source: ../shared/reference/web-ui-dom.md section 1 and the fixtures' README ("DOM hooks observed").
 */

/** Joins alternatives into one selector list. */
export const any = (alternatives: readonly string[]): string => alternatives.join(', ');

export const SEL = {
  /** The server-rendered initial state (`render_initial_state`), 4.2 and 4.6. */
  initialState: ['script#initial-state[type="application/json"]'],

  /**
   * A displayed post: `div.status[data-id]`, in timelines, threads (ancestors and replies), 4.6
   * ungrouped notifications and 4.2 notifications. 4.5+ quotes are a nested `.status--is-quote`.
   * Placeholders keep only `article[data-id] > div.status__wrapper` with spans: no `.status`.
   */
  status: ['.status[data-id]'],
  /** Marks a quoted post nested in another (4.5+). */
  quotedClass: 'status--is-quote',
  /** The focused post of a thread: `div.detailed-status`, no data-id (4.2 and 4.6). */
  detailed: ['.detailed-status'],
  /** Its permalink `/@acct/<id>`, the only place its id is in the DOM. */
  detailedPermalink: ['a.detailed-status__datetime'],
  /** Its author link `/@acct` (4.6 adds data-hover-card-account). */
  detailedAuthor: ['a.detailed-status__display-name'],

  /** The list item: `article[data-id]` (a boost's own id for boosts; a group key in 4.6 notifications). */
  article: 'article[data-id]',

  /**
   * The author link inside `.status`: `.status__info > a.status__display-name`. 4.6 carries
   * `data-id` and `data-hover-card-account`; 4.2 has neither. The boost line's link has the same
   * class but sits in `.status__prepend`, outside `.status`.
   */
  authorLink: [':scope > .status__info > a.status__display-name', ':scope > .status__info a.status__display-name'],
  /** The permalink `a.status__relative-time[href="/@acct/<id>"]` (before the name in 4.2, after in 4.6). */
  permalink: [':scope > .status__info > a.status__relative-time', ':scope > .status__info a.status__relative-time'],
  /** The header row of a post; the badge goes before it. */
  info: [':scope > .status__info'],

  /** Focusable wrappers that Mastodon's hotkeys move between (keyboard shortcuts act on the focused one). */
  focusable: ['.status__wrapper', '.detailed-status__wrapper', '.notification-ungrouped', '.notification'],

  /** Layout marks on `body` (`M/features/ui/index.jsx`). */
  multiColumn: ['body.layout-multiple-columns'],

  /**
   * Colour scheme. 4.6: `html[data-color-scheme]` = light | dark | auto. 4.2: the theme's body
   * class (`theme-default` is the dark default, `theme-mastodon-light` light, `theme-contrast` dark).
   */
  colorSchemeAttr: 'data-color-scheme',
  darkBodyClasses: ['theme-default', 'theme-contrast', 'theme-mastodon-dark'],
  lightBodyClasses: ['theme-mastodon-light'],

  /** The out-of-band OAuth code page (`oauth/authorizations/show.html.haml`): `input.oauth-code`. */
  oauthCode: ['input.oauth-code', '.oauth-code input', '.oauth-code'],
} as const;
