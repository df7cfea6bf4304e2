// Redirects for requests that carry credentials. fetch follows redirects to any origin and keeps
// every header but Authorization, so such requests are sent with `redirect: "manual"`: redirects
// within the configured origin are followed here, like fetch would; one to another origin is
// handed back unfollowed and the transport refuses it with a typed error. (In browsers a manual
// redirect is opaque, its target unknown, so every redirect is refused there.)

const MAX_REDIRECTS = 5;

export interface SendInit {
  method: string;
  headers: Headers;
  body: BodyInit | null | undefined;
  signal: AbortSignal | null | undefined;
  redirect: RequestRedirect | undefined;
}

type Send = (url: string, init: SendInit) => Promise<Response>;

function isRedirect(response: Response): boolean {
  return response.status >= 300 && response.status < 400 && response.status !== 304;
}

/** Where a redirect points, or undefined when it is opaque or has no usable Location. */
export function redirectTarget(response: Response, from: string): URL | undefined {
  const location = response.headers.get("location");
  if (location === null) return undefined;
  try {
    return new URL(location, from);
  } catch {
    return undefined;
  }
}

/** Sends; with `redirect: "manual"`, follows redirects that stay on the first URL's origin. */
export async function sendFollowingSameOrigin(send: Send, url: string, init: SendInit): Promise<Response> {
  if (init.redirect !== "manual") return send(url, init);
  const origin = new URL(url).origin;
  let current = url;
  let step = init;
  for (let hop = 0; ; hop++) {
    const response = await send(current, step);
    if (response.type === "opaqueredirect" || !isRedirect(response) || hop >= MAX_REDIRECTS) return response;
    const target = redirectTarget(response, current);
    if (target === undefined || target.origin !== origin) return response;
    // The answer is not needed: free its connection.
    await response.body?.cancel().catch(() => {});
    // As fetch does: 303 (and 301/302 after a POST) turn into a GET without a body.
    const toGet =
      (response.status === 303 && step.method !== "HEAD") ||
      ((response.status === 301 || response.status === 302) && step.method === "POST");
    if (toGet) {
      const headers = new Headers(step.headers);
      headers.delete("content-type");
      headers.delete("content-length");
      step = { ...step, method: "GET", body: undefined, headers };
    }
    current = target.href;
  }
}
