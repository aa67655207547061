"""The command line: ``voxpress extract``, ``listen``, ``say``, ``voices`` and ``serve``.

A thin edge over the stages. Every failure a user can cause ends as one line
on standard error and a non-zero exit status, never a traceback (set
``VOXPRESS_DEBUG=1`` to see one). Output files are written under a temporary
name and renamed when complete, so a failed run leaves nothing half-written.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from voxpress.article import Article
from voxpress.audio.encode import FORMATS, encode_audio, playback_delay
from voxpress.errors import InputError, VoxpressError
from voxpress.settings import Settings

if TYPE_CHECKING:
    from voxpress.speech import Lexicon

app = typer.Typer(
    name="voxpress",
    help="Listen to any article: extract the story, narrate it with calibrated neural voices.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def _mount_voices() -> None:
    from voxpress.voices.commands import voices_app

    app.add_typer(voices_app, name="voices")
    from voxpress.publish.commands import sources_app

    app.add_typer(sources_app, name="sources")
    from voxpress.speech.commands import lexicon_app

    app.add_typer(lexicon_app, name="lexicon")


_mount_voices()

from voxpress.distributed.commands import register as _register_distributed  # noqa: E402

_register_distributed(app)


def _extract(arg: str, settings: Settings) -> tuple[str, Article]:
    from voxpress.extract import article_from_raw, load_input

    raw = load_input(arg, settings)
    return raw.name, article_from_raw(raw, settings)


def plain_text(article: Article) -> str:
    """Title, blank line, standfirst lines, blank line, body paragraphs separated by blank lines."""
    parts = [article.title]
    if article.standfirst:
        parts.append("\n".join(article.standfirst))
    parts.extend(article.paragraphs)
    return "\n\n".join(p for p in parts if p) + "\n"


AUDIO_SUFFIXES = {"mp3": "mp3", "opus": "opus", "ogg": "opus", "wav": "wav"}
"""File name endings voxpress writes, and the format each one means."""
OTHER_AUDIO_SUFFIXES = ("flac", "m4a", "aac", "oga", "webm", "aiff", "wma")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def output_format(output: Path, requested: str | None) -> str:
    """The audio format for ``output``: ``--format`` if given, else from the file name (default mp3).

    A name ending in an audio format voxpress does not write (``.flac``), or in another format than
    the one requested, is refused: the bytes would not match the name.
    """
    suffix = output.suffix.lstrip(".").lower()
    if requested is not None:
        fmt = requested.lower()
        if fmt not in FORMATS:
            raise InputError(f"unknown format {requested!r}; use mp3, opus or wav")
        if (suffix in AUDIO_SUFFIXES and AUDIO_SUFFIXES[suffix] != fmt) or suffix in OTHER_AUDIO_SUFFIXES:
            raise InputError(f"{output.name} does not end like a {fmt} file; name it .{fmt}")
        return fmt
    if suffix in AUDIO_SUFFIXES:
        return AUDIO_SUFFIXES[suffix]
    if suffix in OTHER_AUDIO_SUFFIXES:
        raise InputError(f"voxpress cannot write .{suffix} files; name the output .mp3, .opus or .wav")
    return "mp3"


def check_output_path(output: Path) -> None:
    """Refuse an output path that cannot become a file (a folder, a folder's place taken by a file)."""
    if output.is_dir():
        raise InputError(f"{output} is a folder; give a file name, e.g. {output / 'article.mp3'}")
    for parent in output.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"cannot write {output}: {parent} is a file, not a folder")
            break


@contextmanager
def _atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place only if the block succeeds.

    The file gets the permissions of a normally created file (0666 less the umask), not the
    0600 of a temporary file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        tmp.chmod(0o666 & ~_umask())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


@app.command()
def extract(
    articles: Annotated[list[str], typer.Argument(help="File paths, http(s) URLs, or - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per article.")] = False,
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="Write NAME.txt (body only) or NAME.json per input.")
    ] = None,
) -> None:
    """Print the clean article: title, standfirst and body paragraphs."""
    settings = Settings.from_env()
    failures = 0
    for arg in articles:
        try:
            name, article = _extract(arg, settings)
        except VoxpressError as error:
            if len(articles) == 1:
                raise
            failures += 1
            err.print(f"voxpress: {arg}: {error}", markup=False, highlight=False)
            continue
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            if as_json:
                (out_dir / f"{name}.json").write_text(
                    json.dumps(article.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
                )
            else:
                (out_dir / f"{name}.txt").write_text("\n\n".join(article.paragraphs) + "\n", encoding="utf-8")
        elif as_json:
            sys.stdout.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(plain_text(article))
    if failures:
        raise VoxpressError(f"{failures} of {len(articles)} inputs failed")


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} sentences"),
        TimeRemainingColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    )


def _load_lexicon(path: Path | None, settings: Settings) -> Lexicon | None:
    from voxpress.speech import Lexicon

    path = path or settings.lexicon_path
    if path is None:
        return None
    if not path.is_file():
        raise InputError(f"lexicon file not found: {path}")
    return Lexicon.load(path)


@app.command()
def listen(
    article: Annotated[str, typer.Argument(help="File path, http(s) URL, or - for standard input.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Audio file to write.")],
    voice: Annotated[str | None, typer.Option(help="Voice id (see 'voxpress voices').")] = None,
    speed: Annotated[float, typer.Option(help="Speed, 0.5–2; 1x is 200 words per minute.")] = 1.0,
    audio_format: Annotated[
        str | None,
        typer.Option("--format", help="mp3, opus, wav or epub (default: from the file name, else mp3)."),
    ] = None,
    lexicon: Annotated[Path | None, typer.Option(help="Pronunciation lexicon file.")] = None,
    captions: Annotated[
        str | None, typer.Option(help="Also write captions beside the audio: vtt or srt.")
    ] = None,
) -> None:
    """Narrate an article to an audio file, with its word and sentence timings beside it."""
    from voxpress.audio.programme import ProgrammeFile
    from voxpress.formats.files import check_caption_kind, write_captions, write_epub
    from voxpress.narration import get_curve, narrate_into, prepare, validate_speed
    from voxpress.voices import get_voice
    from voxpress.voices.native_memory import bound_native_memory

    settings = Settings.from_env()
    epub = (audio_format or output.suffix.lstrip(".")).lower() == "epub"
    fmt = "mp3" if epub else output_format(output, audio_format)
    check_output_path(output)
    captions = check_caption_kind(captions)
    validate_speed(speed)
    publisher_lexicon = _load_lexicon(lexicon, settings)
    _, story = _extract(article, settings)
    chosen = get_voice(voice, story.language, settings)
    script = prepare(story, publisher_lexicon, settings.name_languages)
    sample_rate = chosen.info.sample_rate
    timings_path = output.with_suffix("").with_name(output.with_suffix("").name + ".timings.json")
    check_output_path(timings_path)
    output.parent.mkdir(parents=True, exist_ok=True)
    # the audio goes to disk as it is made, so memory stays flat in the article's length
    bound_native_memory()
    with ProgrammeFile(sample_rate, output.parent) as programme:
        with _progress() as bar:
            task = bar.add_task("Narrating", total=len(script.sentences))
            timings = narrate_into(
                script,
                chosen,
                speed,
                curve=get_curve(chosen, settings),
                write=programme.write,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        if epub:
            with tempfile.TemporaryDirectory(dir=output.parent, prefix=f".{output.name}.") as scratch:
                mp3_path = Path(scratch) / "narration.mp3"
                programme.export(mp3_path, "mp3")
                write_epub(output, story, timings, sample_rate, mp3_path.read_bytes())
            err.print(f"{output}: EPUB 3 with Media Overlays, {timings.duration:.1f} s", markup=False)
            return
        with _atomic_write(output) as tmp_audio, _atomic_write(timings_path) as tmp_timings:
            programme.export(tmp_audio, fmt)
            timings.shifted(playback_delay(fmt, sample_rate)).write(tmp_timings)
        if captions is not None:
            write_captions(output, fmt, captions, timings, sample_rate)
    err.print(
        f"{output}: {timings.duration:.1f} s, {timings.wpm:.0f} WPM, voice {chosen.info.id}",
        markup=False,
        highlight=False,
    )


@app.command()
def say(
    text: Annotated[str, typer.Argument(help="Text to say, or - to read it from standard input.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only print how the text will be said.")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Audio file to write.")] = None,
    voice: Annotated[str | None, typer.Option(help="Voice id.")] = None,
    speed: Annotated[float, typer.Option(help="Speed, 0.5–2.")] = 1.0,
    language: Annotated[str, typer.Option(help="Language of the text (ISO 639-1).")] = "en",
    lexicon: Annotated[Path | None, typer.Option(help="Pronunciation lexicon file.")] = None,
) -> None:
    """Show how a text will be said (--dry-run), or say it to a file."""
    from voxpress.narration import effective_lexicon, get_curve, narrate, validate_speed
    from voxpress.speech import format_dry_run, prepare_script

    settings = Settings.from_env()
    from voxpress.extract import clean_text

    if text == "-":
        text = sys.stdin.read()
    text = clean_text(text)
    if not text.strip():
        raise InputError("nothing to say: the text is empty")
    publisher_lexicon = _load_lexicon(lexicon, settings)
    merged = effective_lexicon(language, publisher_lexicon)
    from voxpress.speech.ssml import ssml_script

    script, speed = ssml_script(text, merged, speed, settings.name_languages) or (
        prepare_script(text.strip(), language, merged, name_languages=settings.name_languages),
        speed,
    )
    if dry_run or output is None:
        sys.stdout.write(format_dry_run(script).rstrip("\n") + "\n")
        if output is None:
            return
    from voxpress.voices import get_voice

    fmt = output_format(output, None)
    check_output_path(output)
    validate_speed(speed)
    chosen = get_voice(voice, language, settings)
    narration = narrate(script, chosen, speed, curve=get_curve(chosen, settings))
    with _atomic_write(output) as tmp:
        tmp.write_bytes(encode_audio(narration.samples, narration.sample_rate, fmt))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data: Annotated[
        Path | None, typer.Option("--data", help="Data folder (database, audio, voices).")
    ] = None,
) -> None:
    """Run the web app: reader page, player and HTTP API."""
    from voxpress.server import serve as run_server

    settings = Settings.from_env(**({"data_dir": data} if data is not None else {}))
    run_server(host, port, settings)


def _click_types(name: str) -> tuple[type[BaseException], ...]:
    """Click's exception class ``name``, and Typer's copy of it (Typer 0.20+ vendors Click)."""
    found: list[type[BaseException]] = [getattr(click.exceptions, name)]
    try:
        from typer._click import exceptions as vendored
    except ImportError:
        return tuple(found)
    if hasattr(vendored, name):
        found.append(getattr(vendored, name))
    return tuple(found)


_USAGE_ERRORS: tuple[type[BaseException], ...] = _click_types("ClickException")
_ABORTS: tuple[type[BaseException], ...] = (*_click_types("Abort"), typer.Abort)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and turn every user-facing failure into one line and an exit status.

    Usage mistakes (a missing argument, ``--speed abc``, an unknown command) print the usage and
    the mistake and exit 2, as Click does.
    """
    try:
        status = app(args=argv, prog_name="voxpress", standalone_mode=False)
    except VoxpressError as error:
        err.print(f"voxpress: error: {error}", markup=False, highlight=False, soft_wrap=True)
        return 1
    except _ABORTS:
        err.print("voxpress: interrupted", markup=False, highlight=False)
        return 130
    except _USAGE_ERRORS as error:
        error.show()  # type: ignore[attr-defined]
        return int(error.exit_code)  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("VOXPRESS_DEBUG"):
            raise
        err.print(
            f"voxpress: unexpected error: {type(error).__name__}: {error}", markup=False, highlight=False
        )
        return 2
    # Without standalone mode, a command's ``typer.Exit(code)`` comes back as the return value.
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
