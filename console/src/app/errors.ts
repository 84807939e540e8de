// API errors in plain words: the API's stable error codes become a sentence a person can act on;
// `field` keeps the input the error is about so forms can show it there.

/** An API error in plain words; `field` names the input it is about (e.g. tiering.offloadThreshold). */
export class ApiProblem extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly field?: string,
  ) {
    super(message);
  }
}

const PLAIN: Record<string, string> = {
  unauthenticated: 'The API key was not accepted. Sign in again with a valid key.',
  permission_denied: "Your API key's role does not allow this.",
  not_found: 'It does not exist, or your API key cannot see it.',
  already_exists: 'That name is already taken.',
  precondition_failed: 'Someone changed it meanwhile. The page shows the new version: check it and retry.',
  rate_limited: 'Too many requests for this API key. Wait a moment and retry.',
  internal: 'The control plane hit an internal error. Retry, and tell the operators if it persists.',
};

/** The sentence shown for an API error body ({error: {code, message, field}}) and HTTP status. */
export function describeError(status: number, body: unknown): ApiProblem {
  const err = (body as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
  const code = err?.code ?? (status >= 500 ? 'internal' : 'unknown');
  const detail = err?.message ?? '';
  let message: string;
  const named = /^([\w.]+): (.*?)(?:, got (.*))?$/.exec(detail);
  if (code === 'invalid_argument' && named) {
    // "tiering.offload_threshold: must be between 0 and 1, got 2" -> about the field the API names.
    const got = named[3] === undefined ? '' : ` (got ${named[3]})`;
    message = `Check ${err?.field ?? named[1]}: it ${named[2]}${got}.`;
  } else if (code === 'invalid_argument' || code === 'conflict' || code === 'idempotency_key_reused') {
    message = detail ? `${capitalise(detail)}.`.replace(/\.\.$/, '.') : 'The request was not valid.';
  } else if (PLAIN[code]) {
    message = PLAIN[code];
    if (code === 'already_exists' || code === 'permission_denied') {
      if (detail) message += ` (${detail})`;
    }
  } else {
    message = detail ? `${capitalise(detail)}.` : `The control plane answered ${status}.`;
  }
  return new ApiProblem(message, code, status, err?.field);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
