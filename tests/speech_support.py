"""What the English speech tests share: a text as it will be said."""

from __future__ import annotations

from voxpress.speech import Lexicon, prepare_script


def spoken(text: str) -> str:
    """The text as it will be said, sentences joined by " | "."""
    return " | ".join(s.spoken_text for s in prepare_script(text, "en", Lexicon.empty()).sentences)
