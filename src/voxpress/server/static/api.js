/**
 * The one way the pages talk to the JSON API: fetch, and turn a problem+json answer into an ApiError
 * whose message is the problem's title.
 */

export class ApiError extends Error {
  constructor(title, status, body = null) {
    super(title);
    this.status = status;
    this.body = body; // the problem+json itself, e.g. a failed narration's `retry` link
  }
}

export async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, ...options });
  } catch {
    throw new ApiError("The server could not be reached.", 0);
  }
  if (response.status === 204) return null;
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const title = (body && (body.title || body.detail)) || `The server answered ${response.status}.`;
    throw new ApiError(title, response.status, body);
  }
  return body;
}
