/**
 * The voice menu's logic: which voices speak the article's language, how the rest group by language,
 * and which voice to start with. Pure functions over the voices of GET /api/voices.
 */

/** "en" for "en-GB", "en_us" or "EN". */
export function primaryLanguage(code) {
  return String(code || "")
    .toLowerCase()
    .split(/[-_]/)[0];
}

/** Every primary language a voice speaks. */
export function spokenLanguages(voice) {
  return [...new Set([voice.language, ...(voice.languages || [])].map(primaryLanguage).filter(Boolean))];
}

/**
 * The voices a reader of this page can have narrations made in: with an API key set on the server,
 * only those marked `public` (a stored narration in another voice still plays from a link).
 */
export function voicesForReaders(voices) {
  return voices.filter((voice) => voice.public !== false);
}

export function voiceSpeaks(voice, language) {
  return spokenLanguages(voice).includes(primaryLanguage(language));
}

/** The language's name in the reader's language ("German" for "de"), or the code if unknown. */
export function languageName(code, locale = "en") {
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}

/**
 * The menu: `first` = voices that speak the article's language (the server's order, best first), and
 * `others` = one group per other language, sorted by the language's name, voices by name in each.
 */
export function groupVoices(voices, language, locale = "en") {
  const first = voices.filter((voice) => voiceSpeaks(voice, language));
  const byLanguage = new Map();
  for (const voice of voices) {
    if (voiceSpeaks(voice, language)) continue;
    const code = primaryLanguage(voice.language) || spokenLanguages(voice)[0] || "und";
    if (!byLanguage.has(code)) byLanguage.set(code, []);
    byLanguage.get(code).push(voice);
  }
  const others = [...byLanguage]
    .map(([code, list]) => ({
      language: code,
      label: languageName(code, locale),
      voices: [...list].sort((a, b) => String(a.name).localeCompare(String(b.name))),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { language: primaryLanguage(language), label: languageName(primaryLanguage(language), locale), first, others };
}

/**
 * The voice to start with: one asked for in the URL, else the one this article was last heard in, else
 * the server's default if it speaks the language, else the first that does, else the default.
 */
export function chooseVoice(voices, { defaultId, language, fromUrl = null, remembered = null }) {
  const ids = new Set(voices.map((voice) => voice.id));
  for (const candidate of [fromUrl, remembered]) if (candidate && ids.has(candidate)) return candidate;
  const byDefault = voices.find((voice) => voice.id === defaultId);
  if (byDefault && voiceSpeaks(byDefault, language)) return byDefault.id;
  const speaking = voices.find((voice) => voiceSpeaks(voice, language));
  return (speaking || byDefault || voices[0] || {}).id || "";
}
