/**
 * Redis's glob matching (stringmatchlen): * ? [abc] [^a] [a-z] and \ escapes, over latin1 strings.
 * Used by KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET and others.
 */
export function globMatch(pattern: string, s: string, nocase = false): boolean {
  skipLongerMatches = false;
  return match(pattern, 0, s, 0, nocase, 0);
}

/**
 * Redis's skipLongerMatches: once the rest of a pattern after a '*' matched nowhere in the rest of the
 * string, no earlier '*' can help by matching more, so the whole search stops. Without it patterns
 * like "a*a*a*...b" take exponential time.
 */
let skipLongerMatches = false;

function lower(c: number, nocase: boolean): number {
  return nocase && c >= 65 && c <= 90 ? c + 32 : c;
}

function match(p: string, pi: number, s: string, si: number, nocase: boolean, depth: number): boolean {
  if (depth > 1000) return false; // Redis also bounds the recursion of patterns like "*a*a*a..."
  while (pi < p.length) {
    const pc = p.charCodeAt(pi);
    switch (pc) {
      case 42 /* * */: {
        while (pi + 1 < p.length && p.charCodeAt(pi + 1) === 42) pi++;
        if (pi + 1 === p.length) return true;
        for (let k = si; k <= s.length; k++) {
          if (match(p, pi + 1, s, k, nocase, depth + 1)) return true;
          if (skipLongerMatches) return false;
        }
        skipLongerMatches = true;
        return false;
      }
      case 63 /* ? */:
        if (si >= s.length) return false;
        si++;
        break;
      case 91 /* [ */: {
        if (si >= s.length) return false;
        pi++;
        const not = p.charCodeAt(pi) === 94; /* ^ */
        if (not) pi++;
        let matched = false;
        const c = lower(s.charCodeAt(si), nocase);
        for (;;) {
          if (pi >= p.length) {
            pi--; // Redis treats an unterminated class as ending at the pattern's end
            break;
          }
          const q = p.charCodeAt(pi);
          if (q === 92 /* \ */ && pi + 2 < p.length) {
            pi++;
            if (lower(p.charCodeAt(pi), nocase) === c) matched = true;
          } else if (q === 93 /* ] */) {
            break;
          } else if (pi + 2 < p.length && p.charCodeAt(pi + 1) === 45 /* - */) {
            let start = lower(q, nocase);
            let end = lower(p.charCodeAt(pi + 2), nocase);
            if (start > end) [start, end] = [end, start];
            pi += 2;
            if (c >= start && c <= end) matched = true;
          } else if (lower(q, nocase) === c) {
            matched = true;
          }
          pi++;
        }
        if (not) matched = !matched;
        if (!matched) return false;
        si++;
        break;
      }
      default:
        if (pc === 92 /* \ */ && pi + 1 < p.length) pi++;
        if (si >= s.length || lower(p.charCodeAt(pi), nocase) !== lower(s.charCodeAt(si), nocase))
          return false;
        si++;
        break;
    }
    pi++;
  }
  return si === s.length;
}
