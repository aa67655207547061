"""``voxpress lexicon``: check a pronunciation lexicon and convert it to and from W3C PLS.

Publishers who already keep a PLS lexicon for Polly or ElevenLabs can use it as it is
(``VOXPRESS_LEXICON=names.pls``) or convert it to voxpress's text format to edit it; and a
voxpress lexicon can be exported as PLS for other tools. The format follows each file's suffix.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from voxpress.errors import InputError
from voxpress.speech.lexicon import Lexicon, LexiconEntry
from voxpress.store.files import write_atomic

lexicon_app = typer.Typer(
    help="Pronunciation lexicons: check, convert to and from W3C PLS.", no_args_is_help=True
)
out = Console()


def format_entries(entries: Iterable[LexiconEntry]) -> str:
    """Entries in the lexicon text format that ``Lexicon.parse`` reads back to the same entries."""
    lines = ["# voxpress pronunciation lexicon: Phrase = respelling, or Phrase = [[IPA phonemes]]"]
    for entry in entries:
        phrase = f'"{entry.phrase}"' if entry.exact_case else entry.phrase
        said = [] if entry.say == entry.phrase and entry.phonemes else [entry.say]
        if entry.phonemes:
            said.append(f"[[{entry.phonemes}]]")
        lines.append(f"{phrase} = {' '.join(said)}")
    return "\n".join(lines) + "\n"


@lexicon_app.command("check")
def check(lexicon: Annotated[Path, typer.Argument(help="A lexicon file: text, or .pls.")]) -> None:
    """Read a lexicon and say how many entries it has (an error names the bad line)."""
    loaded = Lexicon.load(lexicon)
    out.print(f"{lexicon.name}: {len(loaded.entries)} entries", markup=False, highlight=False)


@lexicon_app.command("convert")
def convert(
    source: Annotated[Path, typer.Argument(help="The lexicon to read: text, or .pls.")],
    target: Annotated[Path, typer.Argument(help="The file to write: .pls for W3C PLS, else text.")],
    language: Annotated[str, typer.Option(help="xml:lang of a PLS file written.")] = "en-US",
) -> None:
    """Convert a lexicon between voxpress's text format and W3C PLS (by the files' suffixes)."""
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name, e.g. {target / 'lexicon.pls'}")
    if not target.parent.is_dir():
        raise InputError(f"no folder {target.parent} to write {target.name} into")
    loaded = Lexicon.load(source)
    if target.suffix.lower() == ".pls":
        from voxpress.speech.pls import write_pls

        data = write_pls(loaded.entries, language=language)
    else:
        data = format_entries(loaded.entries).encode("utf-8")
    write_atomic(target, data)
    out.print(f"{len(loaded.entries)} entries written to {target}", markup=False, highlight=False)


__all__ = ["format_entries", "lexicon_app"]
