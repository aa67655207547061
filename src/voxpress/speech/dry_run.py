"""A readable preview of a script: what will be said for each sentence (``voxpress say --dry-run``)."""

from __future__ import annotations

from voxpress.speech.script import Script


def format_dry_run(script: Script) -> str:
    """Each sentence as written and as it will be said; lexicon readings are marked «like this».

    Phoneme readings show as «written [[phonemes]]»; names read from the
    pronouncing dictionary or by their own language's spelling rules show as
    ``name [[phonemes]]``, without the marks. Engine respellings are not
    shown: a spelled letter reads "A M", not the "eh M" the engine is given. A summary line at the end
    counts sentences, spoken words and lexicon hits.
    """
    lines = []
    hits = 0
    dictionary = 0
    for number, sentence in enumerate(script.sentences, start=1):
        said = []
        for word in sentence.words:
            text = word.shown or word.say
            if word.from_lexicon:
                hits += 1
                text = f"«{word.say} [[{word.phonemes}]]»" if word.phonemes else f"«{word.say}»"
            elif word.phonemes:
                dictionary += 1
                text = f"{word.say} [[{word.phonemes}]]"
            said.append(text + word.punctuation)
        written = " ".join(script.text[sentence.char_start : sentence.char_end].split())
        lines.append(f"{number:>3}  {written}")
        lines.append(f"   → {' '.join(said)}")
    lines.append(
        f"{len(script.sentences)} sentences, {script.written_words} words, {hits} lexicon readings,"
        f" {dictionary} name readings (language {script.language})"
    )
    return "\n".join(lines)
