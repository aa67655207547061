"""W3C Pronunciation Lexicon Specification (PLS 1.0) files in and out of voxpress's lexicon.

Polly and ElevenLabs users keep their pronunciations as PLS::

    <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
             alphabet="ipa" xml:lang="en-US">
      <lexeme><grapheme>Kyiv</grapheme><phoneme>kˈiːv</phoneme></lexeme>
      <lexeme><grapheme>WHO</grapheme><alias>World Health Organization</alias></lexeme>
    </lexicon>

``read_pls`` turns each grapheme of a lexeme into an entry: the IPA
``phoneme`` when there is one (the lexicon's or the phoneme's ``alphabet`` must
be ``ipa``), else the ``alias`` as the respelling. All-capital graphemes
("WHO") match only that case, as a quoted phrase does in the text format.
``write_pls`` writes lexicon entries back out. ``Lexicon.load`` reads ``.pls`` files through
this module, which knows nothing of ``Lexicon`` (so the two never import each other).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

from voxpress.errors import InputError

PLS_NAMESPACE = "http://www.w3.org/2005/01/pronunciation-lexicon"
MAX_PLS_BYTES = 5_000_000
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class PlsError(InputError):
    """A PLS file that is not well-formed or not a PLS lexicon."""


@dataclass(frozen=True)
class PlsEntry:
    """One grapheme of a PLS lexeme and how to say it (the fields of ``LexiconEntry``)."""

    phrase: str
    say: str
    phonemes: str | None = None
    exact_case: bool = False


class EntryLike(Protocol):
    """A lexicon entry as ``write_pls`` reads it (``LexiconEntry`` or ``PlsEntry``)."""

    @property
    def phrase(self) -> str: ...

    @property
    def say(self) -> str: ...

    @property
    def phonemes(self) -> str | None: ...


def _q(tag: str) -> str:
    return f"{{{PLS_NAMESPACE}}}{tag}"


def read_pls(data: bytes, source: str = "lexicon.pls") -> list[PlsEntry]:
    """The entries of a PLS document, or a ``PlsError`` saying what is wrong."""
    if len(data) > MAX_PLS_BYTES:
        raise PlsError(f"{source} is larger than {MAX_PLS_BYTES:,} bytes")
    if b"<!ENTITY" in data.upper():
        raise PlsError(f"{source} declares XML entities, which voxpress refuses")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise PlsError(f"{source} is not well-formed XML: {error}") from error
    if root.tag != _q("lexicon"):
        raise PlsError(f"{source} is not a PLS lexicon (its root is not <lexicon> in the PLS namespace)")
    default_alphabet = (root.get("alphabet") or "").lower()
    entries: list[PlsEntry] = []
    for number, lexeme in enumerate(root.iterfind(_q("lexeme")), start=1):
        graphemes = [" ".join((g.text or "").split()) for g in lexeme.iterfind(_q("grapheme"))]
        graphemes = [g for g in graphemes if g]
        if not graphemes:
            raise PlsError(f"{source} lexeme {number} has no grapheme")
        phonemes = None
        for phoneme in lexeme.iterfind(_q("phoneme")):
            alphabet = (phoneme.get("alphabet") or default_alphabet).lower()
            if alphabet == "ipa" and (phoneme.text or "").strip():
                phonemes = phoneme.text.strip()
                break
        alias_element = lexeme.find(_q("alias"))
        alias = " ".join((alias_element.text or "").split()) if alias_element is not None else ""
        if phonemes is None and not alias:
            raise PlsError(
                f"{source} lexeme {number} ({graphemes[0]}) has neither an IPA phoneme nor an alias"
            )
        for grapheme in graphemes:
            exact = len(grapheme) > 1 and grapheme.isupper()
            entries.append(PlsEntry(grapheme, alias or grapheme, phonemes, exact))
    return entries


def write_pls(entries: Iterable[EntryLike], language: str = "en-US") -> bytes:
    """Lexicon entries (``lexicon.entries``) as a PLS 1.0 document (IPA alphabet)."""
    root = etree.Element(
        _q("lexicon"),
        {"version": "1.0", "alphabet": "ipa", _XML_LANG: language},
        nsmap={None: PLS_NAMESPACE},
    )
    for entry in entries:
        lexeme = etree.SubElement(root, _q("lexeme"))
        etree.SubElement(lexeme, _q("grapheme")).text = entry.phrase
        if entry.phonemes:
            etree.SubElement(lexeme, _q("phoneme")).text = entry.phonemes
        if entry.say != entry.phrase or not entry.phonemes:
            etree.SubElement(lexeme, _q("alias")).text = entry.say
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
