/**
 * Instance-level JSON: `meta` (detail true/false), the logged-in `MeDetailed` (`i`, what the web UI
 * keeps in localStorage.account), `admin/show-user`, and nodeinfo. Shapes follow meta.json,
 * meta.detail-false.json, i.alice.json, i.admin.json and admin-show-user.*.json from the fixtures.
 */
import type { Directory, SimUser } from './directory';
import { renderUserDetailed } from './render';
import type { World } from './world';

type Json = Record<string, unknown>;

const is2024 = (dir: Directory): boolean => dir.version.startsWith('2024.');

/** The default role policies of the fixture server, with the simulation's rate-limit factor. */
export function policies(dir: Directory, rateLimitFactor: number): Json {
  const p: Json = {
    gtlAvailable: true,
    ltlAvailable: true,
    canPublicNote: true,
    mentionLimit: 20,
    canInvite: false,
    inviteLimit: 0,
    inviteLimitCycle: 10080,
    inviteExpirationTime: 0,
    canManageCustomEmojis: false,
    canManageAvatarDecorations: false,
    canSearchNotes: false,
    canUseTranslator: true,
    canHideAds: false,
    driveCapacityMb: 100,
    maxFileSizeMb: 30,
    alwaysMarkNsfw: false,
    canUpdateBioMedia: true,
    pinLimit: 5,
    antennaLimit: 5,
    wordMuteLimit: 200,
    webhookLimit: 3,
    clipLimit: 10,
    noteEachClipsLimit: 200,
    userListLimit: 10,
    userEachUserListsLimit: 50,
    rateLimitFactor,
    avatarDecorationLimit: 1,
    canImportAntennas: true,
    canImportBlocking: true,
    canImportFollowing: true,
    canImportMuting: true,
    canImportUserLists: true,
  };
  if (is2024(dir)) {
    for (const k of [
      'maxFileSizeMb',
      'canUpdateBioMedia',
      'canImportAntennas',
      'canImportBlocking',
      'canImportFollowing',
      'canImportMuting',
      'canImportUserLists',
    ])
      delete p[k];
    return p;
  }
  return {
    ...p,
    chatAvailability: 'available',
    uploadableFileTypes: ['text/plain', 'application/json', 'image/*', 'video/*', 'audio/*'],
    noteDraftLimit: 10,
    watermarkAvailable: true,
  };
}

export function instanceName(dir: Directory): string {
  return `Simulated Misskey (${dir.domain})`;
}

export function renderMeta(dir: Directory, detail: boolean, rateLimitFactor: number): Json {
  const m: Json = {
    maintainerName: 'admin',
    maintainerEmail: null,
    version: dir.version,
    providesTarball: false,
    name: instanceName(dir),
    shortName: null,
    uri: dir.base,
    description: 'Simulated Misskey instance for Breakwater tests (not a real server).',
    langs: [],
    tosUrl: null,
    repositoryUrl: 'https://github.com/misskey-dev/misskey',
    feedbackUrl: 'https://github.com/misskey-dev/misskey/issues/new',
    impressumUrl: null,
    privacyPolicyUrl: null,
    inquiryUrl: null,
    disableRegistration: false,
    emailRequiredForSignup: false,
    enableHcaptcha: false,
    hcaptchaSiteKey: null,
    enableMcaptcha: false,
    mcaptchaSiteKey: null,
    mcaptchaInstanceUrl: null,
    enableRecaptcha: false,
    recaptchaSiteKey: null,
    enableTurnstile: false,
    turnstileSiteKey: null,
    enableTestcaptcha: false,
    googleAnalyticsMeasurementId: null,
    swPublickey: null,
    themeColor: null,
    mascotImageUrl: '/assets/ai.png',
    bannerUrl: null,
    infoImageUrl: null,
    serverErrorImageUrl: null,
    notFoundImageUrl: null,
    iconUrl: null,
    backgroundImageUrl: null,
    logoImageUrl: null,
    maxNoteTextLength: 3000,
    defaultLightTheme: null,
    defaultDarkTheme: null,
    ads: [],
    notesPerOneAd: 0,
    enableEmail: false,
    enableServiceWorker: false,
    translatorAvailable: false,
    serverRules: [],
    policies: policies(dir, rateLimitFactor),
    sentryForFrontend: null,
    mediaProxy: `${dir.base}/proxy`,
    enableUrlPreview: true,
    noteSearchableScope: 'global',
    maxFileSize: 26214400,
    federation: 'all',
  };
  if (is2024(dir)) {
    for (const k of [
      'enableTestcaptcha',
      'googleAnalyticsMeasurementId',
      'sentryForFrontend',
      'noteSearchableScope',
      'maxFileSize',
      'federation',
    ])
      delete m[k];
  }
  if (!detail) return m;
  return {
    ...m,
    cacheRemoteFiles: false,
    cacheRemoteSensitiveFiles: true,
    requireSetup: false,
    proxyAccountName: 'system.proxy',
    features: {
      registration: true,
      emailRequiredForSignup: false,
      hcaptcha: false,
      recaptcha: false,
      turnstile: false,
      objectStorage: false,
      serviceWorker: false,
      miauth: true,
    },
  };
}

const MODERATOR_ROLE = {
  id: 'sim0moderatorrole',
  name: 'Moderator',
  color: null,
  iconUrl: null,
  description: 'Moderators of this server',
  isModerator: true,
  isAdministrator: false,
  displayOrder: 0,
};

/** MeDetailed: UserDetailed + MeDetailedOnly, as `i` answers (key order of i.alice.json). */
export function renderMe(world: World, u: SimUser): Json {
  const dir = world.dir;
  const detailed = renderUserDetailed(dir, u, { state: world });
  if (u.role === 'moderator') detailed.roles = [MODERATOR_ROLE];
  const notifications = world.notificationsFor(u);
  const me: Json = {
    ...detailed,
    twoFactorEnabled: false,
    usePasswordLessLogin: false,
    securityKeys: false,
    avatarId: null,
    bannerId: null,
    followedMessage: null,
    isModerator: world.isModerator(u),
    isAdmin: world.isAdmin(u),
    injectFeaturedNote: true,
    receiveAnnouncementEmail: true,
    alwaysMarkNsfw: false,
    autoSensitive: false,
    carefulBot: false,
    autoAcceptFollowed: true,
    noCrawle: false,
    preventAiLearning: true,
    isExplorable: true,
    isDeleted: false,
    twoFactorBackupCodesStock: 'none',
    hideOnlineStatus: false,
    hasUnreadSpecifiedNotes: false,
    hasUnreadMentions: notifications.some((n) => n.type === 'mention'),
    hasUnreadChatMessages: false,
    hasUnreadAnnouncement: false,
    unreadAnnouncements: [],
    hasUnreadAntenna: false,
    hasUnreadChannel: false,
    hasUnreadNotification: notifications.length > 0,
    hasPendingReceivedFollowRequest: false,
    unreadNotificationsCount: notifications.length,
    mutedWords: [],
    hardMutedWords: [],
    mutedInstances: [],
    mutingNotificationTypes: [],
    notificationRecieveConfig: {},
    emailNotificationTypes: ['follow', 'receiveFollowRequest'],
    achievements: [],
    loggedInDays: 1,
    policies: policies(dir, world.rateLimitFactor),
    email: null,
    emailVerified: false,
    securityKeysList: [],
  };
  if (is2024(dir)) {
    for (const k of ['hasUnreadChatMessages', 'followedMessage', 'chatScope', 'canChat']) delete me[k];
  }
  if (world.isModerator(u)) {
    // Upstream adds the moderator-only profile keys for moderators viewing themselves (i.admin.json).
    const entries = Object.entries(me);
    const at = entries.findIndex(([k]) => k === 'memo') + 1;
    entries.splice(at, 0, ['moderationNote', '']);
    return Object.fromEntries(entries);
  }
  return me;
}

/** admin/show-user (admin-show-user.suspended-spammer.json). */
export function renderAdminShowUser(world: World, u: SimUser): Json {
  return {
    email: null,
    emailVerified: false,
    followedMessage: null,
    autoAcceptFollowed: true,
    noCrawle: false,
    preventAiLearning: true,
    alwaysMarkNsfw: false,
    autoSensitive: false,
    carefulBot: false,
    injectFeaturedNote: true,
    receiveAnnouncementEmail: true,
    mutedWords: [],
    mutedInstances: [],
    notificationRecieveConfig: {},
    isModerator: world.isModerator(u),
    isSilenced: false,
    isSuspended: world.suspended.has(u.id),
    isHibernated: false,
    lastActiveDate: u.host === null ? new Date(world.now()).toISOString() : null,
    moderationNote: '',
    signins: [],
    policies: policies(world.dir, world.rateLimitFactor),
    roles: u.role === 'moderator' ? [MODERATOR_ROLE] : [],
    roleAssigns: [],
  };
}

export function nodeinfoLinks(dir: Directory): Json {
  return {
    links: [
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${dir.base}/nodeinfo/2.1` },
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${dir.base}/nodeinfo/2.0` },
    ],
  };
}

export function nodeinfo(world: World, version: '2.0' | '2.1'): Json {
  const dir = world.dir;
  const locals = dir.users.filter((u) => u.host === null);
  const localPosts = dir.known.filter((p) => world.isLocalPost(p)).length;
  return {
    version,
    software: {
      name: 'misskey',
      version: dir.version,
      ...(version === '2.1'
        ? { homepage: 'https://misskey-hub.net/', repository: 'https://github.com/misskey-dev/misskey' }
        : {}),
    },
    protocols: ['activitypub'],
    services: { inbound: [], outbound: ['atom1.0', 'rss2.0'] },
    openRegistrations: true,
    usage: { users: { total: locals.length, activeHalfyear: null, activeMonth: null }, localPosts, localComments: 0 },
    metadata: {
      nodeName: instanceName(dir),
      nodeDescription: 'Simulated Misskey instance for Breakwater tests (not a real server).',
      nodeAdmins: [{ name: 'admin', email: null }],
      maintainer: { name: 'admin', email: null },
      langs: [],
      tosUrl: null,
      privacyPolicyUrl: null,
      inquiryUrl: null,
      impressumUrl: null,
      repositoryUrl: 'https://github.com/misskey-dev/misskey',
      feedbackUrl: 'https://github.com/misskey-dev/misskey/issues/new',
      disableRegistration: false,
      disableLocalTimeline: false,
      disableGlobalTimeline: false,
      emailRequiredForSignup: false,
      enableHcaptcha: false,
      enableRecaptcha: false,
      enableMcaptcha: false,
      enableTurnstile: false,
      maxNoteTextLength: 3000,
      enableEmail: false,
      enableServiceWorker: false,
      proxyAccountName: 'proxy',
      themeColor: '#86b300',
    },
  };
}
