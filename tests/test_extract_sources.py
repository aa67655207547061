"""Reading article input from files: kinds, compression, encodings and refusals."""

from __future__ import annotations

import codecs
import gzip
from dataclasses import replace
from pathlib import Path

import pytest

from voxpress.errors import FetchError, ForbiddenAddressError, InputError
from voxpress.extract import decode_html, decode_text, load_input
from voxpress.extract.sources import name_for_url
from voxpress.settings import ArticleLimits, Settings

HTML = (
    "<!DOCTYPE html><html><head><title>Café news</title></head>"
    "<body><p>Crème brûlée for all.</p></body></html>"
)
TEXT = "Menu\nThe café on the square served crème brûlée to every guest on Sunday.\n"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def test_html_file_is_a_web_page(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "story.html"
    path.write_text(HTML, encoding="utf-8")
    raw = load_input(str(path), settings)
    assert (raw.kind, raw.name, raw.url) == ("html", "story", None)
    assert "Crème brûlée" in raw.text


def test_gzipped_htm_file_is_decompressed(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "Story.Page.htm.gz"
    path.write_bytes(gzip.compress(HTML.encode()))
    raw = load_input(str(path), settings)
    assert (raw.kind, raw.name) == ("html", "Story.Page")
    assert "Crème brûlée" in raw.text


def test_text_file_is_copied_text(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "copied.txt"
    path.write_text(TEXT, encoding="utf-8")
    raw = load_input(str(path), settings)
    assert (raw.kind, raw.name, raw.text) == ("text", "copied", TEXT)


def test_gzipped_text_file_is_text(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "copied.txt.gz"
    path.write_bytes(gzip.compress(TEXT.encode()))
    raw = load_input(str(path), settings)
    assert (raw.kind, raw.name, raw.text) == ("text", "copied", TEXT)


def test_file_whose_content_is_html_is_a_web_page(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "saved-page"
    path.write_text("\n  " + HTML, encoding="utf-8")
    assert load_input(str(path), settings).kind == "html"


def test_latin1_text_is_decoded(tmp_path: Path, settings: Settings) -> None:
    text = "Le café de la gare a rouvert après les travaux, à la grande joie des habitués du quartier.\n" * 3
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    assert load_input(str(path), settings).text == text


def test_utf16_with_bom_is_decoded(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))
    assert load_input(str(path), settings).text == TEXT


def test_utf8_bom_is_removed() -> None:
    assert decode_text(codecs.BOM_UTF8 + "Grüße".encode()) == "Grüße"


def test_html_meta_charset_is_respected() -> None:
    page = '<html><head><meta charset="iso-8859-15"></head><body><p>Prix : 5 €</p></body></html>'
    assert "5 €" in decode_html(page.encode("iso-8859-15"))


def test_html_header_charset_wins_over_guessing() -> None:
    page = "<html><body><p>Ставка выросла на два процента за неделю.</p></body></html>"
    assert "Ставка" in decode_html(page.encode("koi8-r"), "text/html; charset=KOI8-R")


def test_binary_junk_is_refused(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(InputError, match="binary"):
        load_input(str(path), settings)


def test_control_characters_are_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_text(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20 + b"some text")


def test_empty_file_is_refused(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n  ", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        load_input(str(path), settings)


def test_missing_file_is_refused(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_input(str(tmp_path / "nowhere.html"), settings)


def test_folder_is_refused(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(InputError, match="folder"):
        load_input(str(tmp_path), settings)


def test_too_large_file_is_refused(tmp_path: Path, settings: Settings) -> None:
    small = replace(settings, article=ArticleLimits(max_input_bytes=1000))
    path = tmp_path / "huge.txt"
    path.write_text("All work and no play. " * 100, encoding="utf-8")
    with pytest.raises(InputError, match="larger than"):
        load_input(str(path), small)


def test_gzip_bomb_is_refused(tmp_path: Path, settings: Settings) -> None:
    small = replace(settings, article=ArticleLimits(max_input_bytes=10_000))
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 1_000_000))
    with pytest.raises(InputError, match="decompressed"):
        load_input(str(path), small)


def test_broken_gzip_is_refused(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "broken.html.gz"
    path.write_bytes(b"this is not gzip at all")
    with pytest.raises(InputError, match="gzip"):
        load_input(str(path), settings)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://news.example/world/2031/03/night-trains-return.html", "night-trains-return"),
        ("https://news.example/story?id=7", "story"),
        ("https://news.example/", "news.example"),
        ("https://news.example/a/caf%C3%A9%20news/", "café-news"),
    ],
)
def test_url_names(url: str, name: str) -> None:
    assert name_for_url(url) == name


def test_urls_go_through_the_guarded_fetcher(settings: Settings) -> None:
    with pytest.raises(ForbiddenAddressError):
        load_input("http://127.0.0.1:9/story.html", settings)
    with pytest.raises(FetchError, match="only http and https"):
        load_input("ftp://files.example/story.html", settings)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "cp1252",
            "The council said Mára Collins, who runs the café on Quay Street, will lead the “harbour” group.",
        ),
        ("cp1251", "Городской совет во вторник проголосовал за то, чтобы старый порт остался открытым."),
        ("cp1250", "Rada miasta zagłosowała we wtorek za utrzymaniem starego portu dla łodzi rybackich."),
        ("cp1253", "Το δημοτικό συμβούλιο ψήφισε την Τρίτη να παραμείνει ανοιχτό το παλιό λιμάνι."),
    ],
)
def test_undeclared_legacy_encodings_are_detected(encoding: str, text: str) -> None:
    page = " ".join([text] * 3)
    assert decode_text(page.encode(encoding)) == page


def test_extraction_modules_import_each_other_without_cycles() -> None:
    """fetch and sources both build a RawInput from extract.raw; neither imports the other back."""
    import ast

    import voxpress.extract as package

    folder = Path(package.__file__).parent
    graph: dict[str, set[str]] = {}
    for module in folder.glob("*.py"):
        if module.stem == "__init__":
            continue
        imports: set[str] = set()
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level == 1 and node.module:
                    imports.add(node.module.split(".")[0])
                elif node.module and node.module.startswith("voxpress.extract."):
                    imports.add(node.module.split(".")[2])
        graph[module.stem] = imports & {m.stem for m in folder.glob("*.py")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, set()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert "sources" not in graph["fetch"] and "raw" in graph["fetch"]
    assert [m for m in graph if reaches(m, m, set())] == []
