// ETags are the resource's version: `"<version>"`. Updates honour If-Match (412 when it no longer
// matches; `*` matches any version).
import { ApiError } from './errors';

export function etagOf(version: number): string {
  return `"${version}"`;
}

export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (!ifMatch) return;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*') || tags.includes(etagOf(version))) return;
  throw new ApiError(
    'precondition_failed',
    `If-Match ${ifMatch} does not match the current version ${etagOf(version)}`,
    'If-Match',
  );
}
