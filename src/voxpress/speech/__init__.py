"""Speech preparation: narration text → a ``Script`` of sentences and spoken words.

``prepare_script`` splits the text into sentences (never across blocks),
tokens with exact offsets, applies the pronunciation lexicon, then the
language's normalisation rules (numbers, money, dates, acronyms, web text).
``format_dry_run`` shows the result for ``voxpress say --dry-run``.
"""

from voxpress.speech.dry_run import format_dry_run
from voxpress.speech.lexicon import Lexicon, LexiconEntry
from voxpress.speech.prepare import prepare_script
from voxpress.speech.rules import LanguageRules, rules_for
from voxpress.speech.script import Script, ScriptSentence, SpokenWord

__all__ = [
    "LanguageRules",
    "Lexicon",
    "LexiconEntry",
    "Script",
    "ScriptSentence",
    "SpokenWord",
    "format_dry_run",
    "prepare_script",
    "rules_for",
]
