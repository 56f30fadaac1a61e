// The public REST API, as any frontend calls it: session cookies, and one silent refresh when the access token expired.

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(ApiError.describe(status, problem, retryAfter));
    this.status = status;
    this.problem = problem;
  }

  static describe(status, problem, retryAfter) {
    let text = problem?.detail || problem?.error || problem?.title || `The server answered ${status}.`;
    // A field's message that is the whole detail already (one field wrong) is not said twice.
    const fieldErrors = Object.entries(problem?.errors ?? {})
      .map(([name, messages]) => [name, [messages].flat().join(' ')])
      .filter(([, message]) => message !== text)
      .map(([name, message]) => `${name}: ${message}`);
    if (fieldErrors.length) text += ` (${fieldErrors.join('; ')})`;
    if (status === 429 && retryAfter) text += ` Try again in ${retryAfter} s.`;
    return text;
  }
}

let refreshing = null;

/** Renews the session with the refresh cookie; true when it worked. Concurrent callers share one refresh. */
export function refreshSession() {
  refreshing ??= fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    .then(response => response.ok, () => false)
    .finally(() => { refreshing = null; });
  return refreshing;
}

/** Sends a request; on 401 refreshes the session once and tries again. Returns the Response (ok), else throws ApiError. */
export async function send(path, { method = 'GET', json, body, headers = {}, signal } = {}) {
  const init = () => ({
    method,
    signal,
    headers: json === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: json === undefined ? body : JSON.stringify(json),
  });
  let response = await fetch(`/api/v1/${path}`, init());
  if (response.status === 401 && !/^auth\/(login|signup|refresh|logout)/.test(path)) {
    if (await refreshSession()) response = await fetch(`/api/v1/${path}`, init());
    // Signed out elsewhere (another tab, an expired session): the app shows its sign-in again, saying why (the event's detail).
    if (response.status === 401) {
      const signedOut = new ApiError(401, { detail: 'You were signed out (in another tab, or your session ended): sign in to go on.' });
      window.dispatchEvent(new CustomEvent('kisschat:signedout', { detail: signedOut }));
      throw signedOut;
    }
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(response.status, problem, response.headers.get('retry-after'));
  }
  return response;
}

/** A JSON call: the parsed answer, or null when there is none. */
export async function api(path, options) {
  const response = await send(path, options);
  return (response.headers.get('content-type') ?? '').includes('json') ? response.json() : null;
}

export function upload(path, file) {
  const form = new FormData();
  form.append('file', file);
  return api(path, { method: 'POST', body: form });
}
