// Header names and values checked before anything is sent: a value fetch would refuse must fail
// where it was given, naming the header, not later as a (retryable) network error.

// RFC 7230 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Headers that carry credentials whatever their value: never sent across origins. */
export const CREDENTIAL_HEADERS: readonly string[] = [
  "authorization",
  "x-authorization",
  "proxy-authorization",
  "cookie",
];

/** What is wrong with a header, or undefined. The value is never echoed (it may be a secret). */
export function headerProblem(name: unknown, value: unknown): string | undefined {
  if (typeof name !== "string" || !TOKEN.test(name)) {
    return `header name ${JSON.stringify(String(name))} is not an HTTP token (no spaces, colons or non-ASCII)`;
  }
  const where = `header ${JSON.stringify(name)}: value`;
  if (typeof value !== "string") return `${where} must be a string, got ${typeof value}`;
  const bad = /[\r\n\0]|[^\0-\xff]/.exec(value);
  if (bad === null) return undefined;
  const code = bad[0].charCodeAt(0);
  const what =
    code > 0xff
      ? `U+${code.toString(16).toUpperCase()}, outside Latin-1 (encode it, e.g. encodeURIComponent)`
      : code === 0
        ? "NUL"
        : code === 13
          ? "CR"
          : "LF";
  return `${where} contains ${what} at position ${bad.index}`;
}
