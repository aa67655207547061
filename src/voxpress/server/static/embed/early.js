// The requests that start a player, and the answers the loader got for them early (no DOM).
//
// The loader (embed.js, a classic script) asks for each player's narration and for the voices as
// soon as the page's elements are there, while these modules are still loading, so the server
// fetches and extracts the page and starts the narration that much sooner. It keeps each answer's
// promise in `window.__voxpressEarly`, keyed by the request's URL; a player mounting takes the
// answer for the URL it would ask for itself. A missing, failed or refused early answer is no
// answer: the player then makes its own request, as a player under an older loader always does.
// The loader builds the same URLs as `narrationHref` (tests/js/embed_early.test.mjs checks both).

/** The URL a player's first request asks for: its article by id, else the page's narration by URL. */
export function narrationHref(base, options, canonical) {
  const voice = options.voxpressVoice;
  const query = voice ? `&voice=${encodeURIComponent(voice)}` : "";
  const id = options.voxpressArticleId;
  return id
    ? `${base}/api/embed/articles/${encodeURIComponent(id)}?${query.slice(1)}`
    : `${base}/api/embed/narration?url=${encodeURIComponent(options.voxpressUrl || canonical)}${query}`;
}

/**
 * The first answer for `url`: the loader's early one when it has one that succeeded (its body parsed
 * afresh for each caller, as two players of one story share it), else `ask(url)`, the caller's own
 * request. Resolves to {body, early}. The loader's map is read at once, before the first await.
 */
export async function earlyOr(url, ask, scope = globalThis) {
  const answer = scope.__voxpressEarly?.get(url);
  if (answer) {
    try {
      const { ok, text } = await answer;
      if (ok) return { body: JSON.parse(text), early: true };
    } catch {
      // Unreachable, or not JSON: asked again below.
    }
  }
  return { body: await ask(url), early: false };
}

/** Drop the loader's answers once the players mounting have looked theirs up: later ones ask anew. */
export function forgetEarly(scope = globalThis) {
  scope.__voxpressEarly?.clear();
}
