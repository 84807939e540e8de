export type Provider = 'sqlite' | 'postgresql';

/** Which provider a database URL names. */
export function providerOf(url: string): Provider {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgresql' : 'sqlite';
}

/** The SQLite file a URL names (file:PATH, file://PATH or a plain path). */
export function sqliteFileOf(url: string): string {
  if (url.startsWith('file://')) return url.slice('file://'.length);
  if (url.startsWith('file:')) return url.slice('file:'.length);
  return url;
}
