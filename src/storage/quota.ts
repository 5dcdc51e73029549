/**
 * Recognises a storage-full error in all the forms it arrives in: the DOMException itself
 * (`QuotaExceededError`, Firefox's `NS_ERROR_DOM_QUOTA_REACHED`, legacy code 22), Dexie's
 * `Dexie.QuotaExceededError`, and Dexie errors that wrap it (an `AbortError` whose `inner` is the
 * quota error, a `BulkError`/`ModifyError` whose `failures` hold it, an error's `cause`).
 */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const err = e as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  if (err.code === 22 && typeof DOMException !== 'undefined' && e instanceof DOMException) return true;
  if (isQuotaError(err.inner, depth + 1) || isQuotaError(err.cause, depth + 1)) return true;
  if (Array.isArray(err.failures)) return err.failures.some((f) => isQuotaError(f, depth + 1));
  return false;
}
