import { AsyncLocalStorage } from 'node:async_hooks';

/** What the database layer remembers for the duration of one HTTP request. */
export interface DatabaseRequestContext {
  /** Set once the request used the primary (a write, a transaction, a raw query). */
  usedPrimary: boolean;
}

const storage = new AsyncLocalStorage<DatabaseRequestContext>();

/** Runs `next` (the rest of the request) with a fresh context. */
export function runInRequestContext(next: () => void): void {
  storage.run({ usedPrimary: false }, next);
}

export function currentRequestContext(): DatabaseRequestContext | undefined {
  return storage.getStore();
}
