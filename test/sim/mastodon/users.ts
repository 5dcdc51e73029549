/**
 * Local users, roles and tokens of a simulated Mastodon instance. Role permission bits as in
 * `app/models/user_role.rb` (web-ui-dom.md 1.4); scopes as Doorkeeper checks them.
 */
import { hash32 } from '../generator/prng';
import { SIM_LOCAL_USERS } from '../generator';

export const PERM = {
  administrator: 1 << 0,
  view_devops: 1 << 1,
  view_audit_log: 1 << 2,
  view_dashboard: 1 << 3,
  manage_reports: 1 << 4,
  manage_federation: 1 << 5,
  manage_settings: 1 << 6,
  manage_blocks: 1 << 7,
  manage_taxonomies: 1 << 8,
  manage_appeals: 1 << 9,
  manage_users: 1 << 10,
  manage_invites: 1 << 11,
  manage_rules: 1 << 12,
  manage_announcements: 1 << 13,
  manage_custom_emojis: 1 << 14,
  manage_webhooks: 1 << 15,
  invite_users: 1 << 16,
  manage_roles: 1 << 17,
  manage_user_access: 1 << 18,
  delete_user_data: 1 << 19,
  view_feeds: 1 << 20,
  invite_bypass_approval: 1 << 21,
  manage_email_subscriptions: 1 << 22,
} as const;

export type RoleKind = 'admin' | 'moderator' | 'user';

export interface Role {
  id: string;
  name: string;
  permissions: number;
  color: string;
  highlighted: boolean;
}

/** All bits a version knows (an administrator's computed permissions). */
function allBits(version: string): number {
  return version.startsWith('4.2') ? (1 << 20) - 1 : (1 << 23) - 1;
}

export function roleFor(kind: RoleKind, version: string): Role {
  const everyone = PERM.invite_users;
  if (kind === 'admin') return { id: '3', name: 'Admin', permissions: allBits(version), color: '', highlighted: true };
  if (kind === 'moderator') {
    const p =
      everyone |
      PERM.view_dashboard |
      PERM.view_audit_log |
      PERM.manage_users |
      PERM.manage_reports |
      PERM.manage_taxonomies;
    return { id: '2', name: 'Moderator', permissions: p, color: '', highlighted: true };
  }
  return { id: '-99', name: '', permissions: everyone, color: '', highlighted: false };
}

/** `REST::RoleSerializer` JSON (permissions as a decimal string). */
export function roleJson(role: Role, version: string): Record<string, unknown> {
  const j: Record<string, unknown> = {
    id: role.id,
    name: role.name,
    permissions: String(role.permissions),
    color: role.color,
    highlighted: role.highlighted,
  };
  if (!version.startsWith('4.2')) j.collection_limit = 10;
  return j;
}

export interface LocalUser {
  username: string;
  role: RoleKind;
  email: string;
}

export function localUsers(domain: string): LocalUser[] {
  return SIM_LOCAL_USERS.map((u) => ({ username: u.username, role: u.role, email: `${u.username}@${domain}` }));
}

/** The web UI's session token scopes (`SessionActivation::DEFAULT_SCOPES`). */
export const WEB_SCOPES = ['read', 'write', 'follow'];
/** The scopes of the per-user test token: everything, admin included. */
export const ADMIN_TOKEN_SCOPES = ['read', 'write', 'follow', 'push', 'admin:read', 'admin:write'];

export const ALL_SCOPES = [
  'read',
  'write',
  'follow',
  'push',
  'profile',
  'read:accounts',
  'read:blocks',
  'read:bookmarks',
  'read:favourites',
  'read:filters',
  'read:follows',
  'read:lists',
  'read:mutes',
  'read:notifications',
  'read:search',
  'read:statuses',
  'write:accounts',
  'write:blocks',
  'write:bookmarks',
  'write:conversations',
  'write:favourites',
  'write:filters',
  'write:follows',
  'write:lists',
  'write:media',
  'write:mutes',
  'write:notifications',
  'write:reports',
  'write:statuses',
  'admin:read',
  'admin:read:accounts',
  'admin:read:reports',
  'admin:read:domain_allows',
  'admin:read:domain_blocks',
  'admin:read:ip_blocks',
  'admin:read:email_domain_blocks',
  'admin:read:canonical_email_blocks',
  'admin:write',
  'admin:write:accounts',
  'admin:write:reports',
  'admin:write:domain_allows',
  'admin:write:domain_blocks',
  'admin:write:ip_blocks',
  'admin:write:email_domain_blocks',
  'admin:write:canonical_email_blocks',
];

const FOLLOW_COVERS = new Set([
  'read:blocks',
  'read:follows',
  'read:mutes',
  'write:blocks',
  'write:follows',
  'write:mutes',
]);

/** Does a token with `granted` scopes satisfy `required` (a scope and its parents, as Doorkeeper and Mastodon define them)? */
export function scopeAllows(granted: ReadonlySet<string>, required: string): boolean {
  if (granted.has(required)) return true;
  const parts = required.split(':');
  for (let i = parts.length - 1; i > 0; i--) if (granted.has(parts.slice(0, i).join(':'))) return true;
  if (granted.has('follow') && FOLLOW_COVERS.has(required)) return true;
  if (required === 'profile' && (granted.has('read') || granted.has('read:accounts'))) return true;
  return false;
}

export interface Token {
  token: string;
  username: string | null;
  scopes: Set<string>;
  appId: string | null;
  kind: 'web' | 'admin' | 'oauth' | 'app';
  createdAt: number;
  revoked?: boolean;
}

/** Deterministic tokens so tests and humans can use them without a login dance. */
export function webTokenFor(domain: string, username: string): string {
  return `sim-${username}-web-${hash32(domain).toString(16).padStart(8, '0')}`;
}

export function adminTokenFor(domain: string, username: string): string {
  return `sim-${username}-all-${hash32(domain).toString(16).padStart(8, '0')}`;
}
