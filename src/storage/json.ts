/**
 * JSON for rows that hold typed arrays (the engine's records may: IndexedDB keeps them, JSON does
 * not). A typed array is written as `{"$typed": "Uint32Array", "base64": "..."}` and read back as
 * the same typed array. Used by backups and by the migration test's fixtures.
 */

const TYPED = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedName = keyof typeof TYPED;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function typedReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name;
    if (name in TYPED) {
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      return { $typed: name, base64: toBase64(bytes) };
    }
  }
  return value;
}

export function typedReviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as { $typed?: unknown; base64?: unknown };
    if (typeof o.$typed === 'string' && typeof o.base64 === 'string' && Object.keys(o).length === 2) {
      const ctor = Object.hasOwn(TYPED, o.$typed) ? TYPED[o.$typed as TypedName] : null;
      if (!ctor) throw new SyntaxError(`unknown typed array ${o.$typed}`);
      const bytes = fromBase64(o.base64);
      if (bytes.byteLength % ctor.BYTES_PER_ELEMENT) throw new SyntaxError(`bad ${o.$typed} length`);
      return new ctor(bytes.buffer as ArrayBuffer);
    }
  }
  return value;
}
