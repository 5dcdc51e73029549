/**
 * Parameter validation with the error reports upstream's ajv produces: the first error's schema path
 * and message become `error.info = {param, reason}` of INVALID_PARAM (error.users-show.malformed-id.json).
 */
import { ApiError, E } from './errors';
import { isMisskeyIdFormat } from './ids';

export type ParamType = 'id' | 'string' | 'integer' | 'boolean' | 'ids' | 'strings';

export interface ParamSpec {
  type: ParamType;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  enum?: readonly (string | null)[];
  default?: unknown;
}

export interface ParamDef {
  properties: Record<string, ParamSpec>;
  required?: string[];
}

const typeName: Record<ParamType, string> = {
  id: 'string',
  string: 'string',
  integer: 'integer',
  boolean: 'boolean',
  ids: 'array',
  strings: 'array',
};

function invalid(param: string, reason: string): ApiError {
  return new ApiError(E.invalidParam, { param, reason });
}

function checkValue(path: string, spec: ParamSpec, v: unknown): ApiError | null {
  if (v === null) return spec.nullable ? null : invalid(`${path}/type`, `must be ${typeName[spec.type]}`);
  switch (spec.type) {
    case 'id':
    case 'string':
      if (typeof v !== 'string') return invalid(`${path}/type`, 'must be string');
      if (spec.enum && !spec.enum.includes(v))
        return invalid(`${path}/enum`, 'must be equal to one of the allowed values');
      if (spec.type === 'id' && !isMisskeyIdFormat(v))
        return invalid(`${path}/format`, 'must match format "misskey:id"');
      if (spec.minLength !== undefined && [...v].length < spec.minLength)
        return invalid(`${path}/minLength`, `must NOT have fewer than ${spec.minLength} characters`);
      if (spec.maxLength !== undefined && [...v].length > spec.maxLength)
        return invalid(`${path}/maxLength`, `must NOT have more than ${spec.maxLength} characters`);
      return null;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return invalid(`${path}/type`, 'must be integer');
      if (spec.minimum !== undefined && v < spec.minimum)
        return invalid(`${path}/minimum`, `must be >= ${spec.minimum}`);
      if (spec.maximum !== undefined && v > spec.maximum)
        return invalid(`${path}/maximum`, `must be <= ${spec.maximum}`);
      return null;
    case 'boolean':
      return typeof v === 'boolean' ? null : invalid(`${path}/type`, 'must be boolean');
    case 'ids':
    case 'strings': {
      if (!Array.isArray(v)) return invalid(`${path}/type`, 'must be array');
      for (const item of v) {
        if (typeof item !== 'string') return invalid(`${path}/items/type`, 'must be string');
        if (spec.type === 'ids' && !isMisskeyIdFormat(item))
          return invalid(`${path}/items/format`, 'must match format "misskey:id"');
      }
      return null;
    }
  }
}

/** Validates `body` against `def`, filling defaults (ajv `useDefaults`). Throws INVALID_PARAM. */
export function validate(def: ParamDef, body: Record<string, unknown>, prefix = '#'): Record<string, unknown> {
  const ps: Record<string, unknown> = { ...body };
  for (const r of def.required ?? []) {
    if (ps[r] === undefined) throw invalid(`${prefix}/required`, `must have required property '${r}'`);
  }
  for (const [name, spec] of Object.entries(def.properties)) {
    if (ps[name] === undefined) {
      if (spec.default !== undefined) ps[name] = spec.default;
      continue;
    }
    const err = checkValue(`${prefix}/properties/${name}`, spec, ps[name]);
    if (err) throw err;
  }
  return ps;
}

/** users/show's `allOf: [{anyOf: [{userId}, {userIds}, {username}]}, {host}]`. */
export function validateUsersShow(body: Record<string, unknown>): Record<string, unknown> {
  const branches: ParamDef[] = [
    { properties: { userId: { type: 'id' } }, required: ['userId'] },
    { properties: { userIds: { type: 'ids' } }, required: ['userIds'] },
    { properties: { username: { type: 'string' } }, required: ['username'] },
  ];
  let first: ApiError | null = null;
  let ok = false;
  branches.forEach((b, i) => {
    try {
      validate(b, body, `#/allOf/0/anyOf/${i}`);
      ok = true;
    } catch (e) {
      first ??= e as ApiError;
    }
  });
  if (!ok) throw first!;
  return validate({ properties: { host: { type: 'string', nullable: true } } }, body, '#/allOf/1');
}

export const paging: Record<string, ParamSpec> = {
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
  sinceId: { type: 'id' },
  untilId: { type: 'id' },
  sinceDate: { type: 'integer' },
  untilDate: { type: 'integer' },
};
