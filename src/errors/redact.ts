// Scrubs secrets (key secret, tokens, credential header values) from everything an error carries:
// message, stack, server message, body, validation errors and the whole cause chain. Parsed values
// are scrubbed as values, and raw text also loses the JSON- and URL-encoded forms of each secret,
// so a server that echoes a secret back in any of those shapes cannot leak it through an error.

/** Shorter values cannot be told apart from ordinary text; scrubbing them would garble messages. */
const MIN_SECRET_LENGTH = 4;
/** Tokens are remembered this many at a time (a long-running process rotates through many). */
const MAX_TOKENS = 8;
const MAX_DEPTH = 64;

export class Redactor {
  readonly #fixed: string[] = [];
  readonly #tokens: string[] = [];

  /** Adds a secret known for the lifetime of the configuration (key secret, a configured header value). */
  add(secret: string | undefined): void {
    if (secret !== undefined) this.#fixed.push(secret);
  }

  /** Adds an access token; only the latest few are remembered. */
  addToken(token: string): void {
    if (this.#tokens.push(token) > MAX_TOKENS) this.#tokens.shift();
  }

  /** Scrubs `error` (and its causes) in place and returns it. `extra`: secrets of this call only. */
  scrubError<E>(error: E, extra: readonly string[] = []): E {
    const forms = new Set<string>();
    for (const secret of [...this.#fixed, ...this.#tokens, ...extra]) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      forms.add(secret).add(JSON.stringify(secret).slice(1, -1)).add(encodeURIComponent(secret));
    }
    // Longest first, so a secret containing another is replaced whole.
    const needles = [...forms].sort((a, b) => b.length - a.length);
    if (needles.length > 0) scrubObject(error, needles, new Set(), 0);
    return error;
  }
}

function scrubValue(value: unknown, needles: readonly string[], depth: number): unknown {
  if (typeof value === "string") {
    for (const needle of needles) value = (value as string).split(needle).join("[redacted]");
    return value;
  }
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, needles, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [scrubValue(k, needles, 0), scrubValue(v, needles, depth + 1)]),
  );
}

// In place: an error's fields, then its cause.
function scrubObject(error: unknown, needles: readonly string[], seen: Set<unknown>, depth: number): void {
  if (typeof error !== "object" || error === null || seen.has(error) || depth > MAX_DEPTH) return;
  seen.add(error);
  const target = error as Record<string, unknown>;
  for (const key of new Set(["message", "stack", ...Object.keys(target)])) {
    if (key !== "cause" && target[key] !== undefined) {
      try {
        target[key] = scrubValue(target[key], needles, 0);
      } catch {
        // A frozen foreign error: left as it is.
      }
    }
  }
  scrubObject(target.cause, needles, seen, depth + 1);
}
