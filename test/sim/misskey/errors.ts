/**
 * Misskey API errors: `{"error": {message, code, id, kind, info?}}`. Messages, codes and ids are the
 * ones the fixtures captured (`error.*.json`) or, for errors not captured, upstream's endpoint `meta.errors`.
 */
export type ErrorKind = 'client' | 'server' | 'permission';

export interface ApiErrorSpec {
  message: string;
  code: string;
  id: string;
  kind?: ErrorKind;
  httpStatusCode?: number;
}

export class ApiError extends Error {
  readonly code: string;
  readonly id: string;
  readonly kind: ErrorKind;
  readonly httpStatusCode: number | undefined;
  readonly info: unknown;
  constructor(spec: ApiErrorSpec, info?: unknown) {
    super(spec.message);
    this.code = spec.code;
    this.id = spec.id;
    this.kind = spec.kind ?? 'client';
    this.httpStatusCode = spec.httpStatusCode;
    this.info = info;
  }
  body(): { error: Record<string, unknown> } {
    return {
      error: {
        message: this.message,
        code: this.code,
        id: this.id,
        kind: this.kind,
        ...(this.info !== undefined ? { info: this.info } : {}),
      },
    };
  }
}

const e = (message: string, code: string, id: string, extra: Partial<ApiErrorSpec> = {}): ApiErrorSpec => ({
  message,
  code,
  id,
  ...extra,
});

export const E = {
  authenticationFailed: e(
    'Authentication failed. Please ensure your token is correct.',
    'AUTHENTICATION_FAILED',
    'b0a7f5f8-dc2f-4171-b91f-de88ad238e14',
    { httpStatusCode: 401 },
  ),
  credentialRequired: e('Credential required.', 'CREDENTIAL_REQUIRED', '1384574d-a912-4b81-8601-c7b1c4085df1', {
    httpStatusCode: 401,
  }),
  suspended: e('Your account has been suspended.', 'YOUR_ACCOUNT_SUSPENDED', 'a8c724b3-6e9c-4b46-b1a8-bc3ed6258370', {
    kind: 'permission',
  }),
  accessDenied: e('Access denied.', 'ACCESS_DENIED', '56f35758-7dd5-468b-8439-5d6fb8ec9b8e', { httpStatusCode: 403 }),
  permissionDenied: e(
    'Your app does not have the necessary permissions to use this endpoint.',
    'PERMISSION_DENIED',
    '1370e5b7-d4eb-4566-bb1d-7748ee6a1838',
    { kind: 'permission' },
  ),
  notModerator: e(
    'You are not assigned to a moderator role.',
    'ROLE_PERMISSION_DENIED',
    'd33d5333-db36-423d-a8f9-1a2b9549da41',
    { kind: 'permission' },
  ),
  notAdmin: e(
    'You are not assigned to an administrator role.',
    'ROLE_PERMISSION_DENIED',
    'c3d38592-54c0-429d-be96-5636b0431a61',
    { kind: 'permission' },
  ),
  rateLimitExceeded: e(
    'Rate limit exceeded. Please try again later.',
    'RATE_LIMIT_EXCEEDED',
    'd5826d14-3982-4d2e-8011-b9e9f02499ef',
    { httpStatusCode: 429 },
  ),
  invalidParam: e('Invalid param.', 'INVALID_PARAM', '3d81ceae-475f-4600-b2a8-2bc116157532'),
  internal: e(
    'Internal error occurred. Please contact us if the error persists.',
    'INTERNAL_ERROR',
    '5d37dbcb-891e-41ca-a3d6-e690c97775ac',
    { kind: 'server' },
  ),
  unknownEndpoint: e('Unknown API endpoint.', 'UNKNOWN_API_ENDPOINT', '2ca3b769-540a-4f08-9dd5-b5a825b6d0f1', {
    httpStatusCode: 404,
  }),

  // users/show
  usersShowNoSuchUser: e('No such user.', 'NO_SUCH_USER', '4362f8dc-731f-4ad8-a694-be5a88922a24', {
    httpStatusCode: 404,
  }),
  failedToResolveRemoteUser: e(
    'Failed to resolve remote user.',
    'FAILED_TO_RESOLVE_REMOTE_USER',
    'ef7b9be4-9cba-4e6f-ab41-90ed171c7d3c',
    { kind: 'server' },
  ),
  // users/notes
  usersNotesNoSuchUser: e('No such user.', 'NO_SUCH_USER', '27e494ba-2ac2-48e8-893b-10d4d8c2387b'),
  // users/report-abuse
  reportNoSuchUser: e('No such user.', 'NO_SUCH_USER', '1acefcb5-0959-43fd-9685-b48305736cb5'),
  cannotReportYourself: e('Cannot report yourself.', 'CANNOT_REPORT_YOURSELF', '1e13149e-b1e8-43cf-902e-c01dbfcb202f'),
  cannotReportAdmin: e('Cannot report the admin.', 'CANNOT_REPORT_THE_ADMIN', '35e166f5-05fb-4f87-a2d5-adb42676d48f'),
  // blocking/create
  blockNoSuchUser: e('No such user.', 'NO_SUCH_USER', '7cc4f851-e2f1-4621-9633-ec9e1d00c01e'),
  blockeeIsYourself: e('Blockee is yourself.', 'BLOCKEE_IS_YOURSELF', '88b19138-f28d-42c0-8499-6a31bbd0fdc6'),
  alreadyBlocking: e('You are already blocking that user.', 'ALREADY_BLOCKING', '787fed64-acb9-464a-82eb-afbd745b9614'),
  // blocking/delete
  unblockNoSuchUser: e('No such user.', 'NO_SUCH_USER', '8621d8bf-c358-4303-a066-5ea78610eb3f'),
  unblockeeIsYourself: e('Blockee is yourself.', 'BLOCKEE_IS_YOURSELF', '06f6fac6-524b-473c-a354-e97a40ae6eac'),
  notBlocking: e('You are not blocking that user.', 'NOT_BLOCKING', '291b2efa-60c6-45c0-9f6a-045c8f9b02cd'),
  // mute/create
  muteNoSuchUser: e('No such user.', 'NO_SUCH_USER', '6fef56f3-e765-4957-88e5-c6f65329b8a5'),
  muteeIsYourself: e('Mutee is yourself.', 'MUTEE_IS_YOURSELF', 'a4619cb2-5f23-484b-9301-94c903074e10'),
  alreadyMuting: e('You are already muting that user.', 'ALREADY_MUTING', '7e7359cb-160c-4956-b08f-4d1c653cd007'),
  // mute/delete
  unmuteNoSuchUser: e('No such user.', 'NO_SUCH_USER', 'b851d00b-8ab1-4a56-8b1b-e24187cb48ef'),
  unmuteeIsYourself: e('Mutee is yourself.', 'MUTEE_IS_YOURSELF', 'f428b029-6b39-4d48-a1d2-cc1ae6dd5cf9'),
  notMuting: e('You are not muting that user.', 'NOT_MUTING', '5467d020-daa9-4553-81e1-135c0c35a96d'),
  // renote-mute/create
  renoteMuteNoSuchUser: e('No such user.', 'NO_SUCH_USER', '5e0a5dff-1e94-4202-87ae-4d9c89eb2271'),
  renoteMuteeIsYourself: e('Mutee is yourself.', 'MUTEE_IS_YOURSELF', '37285718-52f7-4aef-b7de-c38b8e8a8420'),
  alreadyRenoteMuting: e('You are already muting that user.', 'ALREADY_MUTING', 'ccfecbe4-1f1c-4fc2-8a3d-c3ffee61cb7b'),
  // notes/show, notes/delete
  notesShowNoSuchNote: e('No such note.', 'NO_SUCH_NOTE', '24fcbfc6-2e37-42b6-8388-c29b3861a08d'),
  deleteNoSuchNote: e('No such note.', 'NO_SUCH_NOTE', '490be23f-8c1f-4796-819f-94cb4f9d1630'),
  deleteAccessDenied: e('Access denied.', 'ACCESS_DENIED', 'fe8d7103-0ea8-4ec3-814d-f8b401dc69e9'),
  // lists, antennas, channels
  noSuchList: e('No such list.', 'NO_SUCH_LIST', '8fb1fbd5-e476-4c37-9fb0-43d55b63a2ff'),
  noSuchAntenna: e('No such antenna.', 'NO_SUCH_ANTENNA', '850926e0-fd3b-49b6-b69a-b28a5dbd82fe'),
  noSuchChannel: e('No such channel.', 'NO_SUCH_CHANNEL', '4d0eeeba-a02c-4c3c-9966-ef60d38d2e7f'),
  // admin
  noSuchAbuseReport: e('No such abuse report.', 'NO_SUCH_ABUSE_REPORT', 'ac3794dd-2ce4-d878-e546-73c60c06b398', {
    kind: 'server',
    httpStatusCode: 404,
  }),
} satisfies Record<string, ApiErrorSpec>;

/** Status code as upstream ApiCallService#sendApiError picks it. */
export function statusOf(err: ApiError): number {
  if (err.httpStatusCode) return err.httpStatusCode;
  if (err.kind === 'client') return 400;
  if (err.kind === 'permission') return 403;
  return 500;
}

/** An upstream endpoint throwing a plain Error: 500 INTERNAL_ERROR with the message in info.e. */
export function internalError(message: string): ApiError {
  return new ApiError(E.internal, { e: { message, code: 'Error', id: crypto.randomUUID() } });
}
