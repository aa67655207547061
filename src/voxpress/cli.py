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


_mount_voices()

from voxpress.distributed.commands import register as _register_distributed  # noqa: E402

_register_distributed(app)


def _extract(arg: str, settings: Settings) -> tuple[str, Article]:
    from voxpress.extract import extract_article, load_input

    raw = load_input(arg, settings)
    return raw.name, extract_article(raw, settings)


def plain_text(article: Article) -> str:
    """Title, blank line, standfirst lines, blank line, body paragraphs separated by blank lines."""
    parts = [article.title]
    if article.standfirst:
        parts.append("\n".join(article.standfirst))
    parts.extend(article.paragraphs)
    return "\n\n".join(p for p in parts if p) + "\n"


@contextmanager
def _atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
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
        str | None, typer.Option("--format", help="mp3, opus or wav (default: from the file name, else mp3).")
    ] = None,
    lexicon: Annotated[Path | None, typer.Option(help="Pronunciation lexicon file.")] = None,
) -> None:
    """Narrate an article to an audio file, with its word and sentence timings beside it."""
    from voxpress.audio.programme import ProgrammeFile
    from voxpress.narration import get_curve, narrate_into, prepare, validate_speed
    from voxpress.voices import get_voice

    settings = Settings.from_env()
    fmt = (audio_format or output.suffix.lstrip(".").lower() or "mp3").lower()
    if fmt not in FORMATS:
        if audio_format is not None:
            raise InputError(f"unknown format {audio_format!r}; use mp3, opus or wav")
        fmt = "mp3"
    validate_speed(speed)
    publisher_lexicon = _load_lexicon(lexicon, settings)
    _, story = _extract(article, settings)
    chosen = get_voice(voice, story.language, settings)
    script = prepare(story, publisher_lexicon)
    sample_rate = chosen.info.sample_rate
    timings_path = output.with_suffix("").with_name(output.with_suffix("").name + ".timings.json")
    output.parent.mkdir(parents=True, exist_ok=True)
    # the audio goes to disk as it is made, so memory stays flat in the article's length
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
        with _atomic_write(output) as tmp_audio, _atomic_write(timings_path) as tmp_timings:
            programme.export(tmp_audio, fmt)
            timings.shifted(playback_delay(fmt, sample_rate)).write(tmp_timings)
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
    if text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise InputError("nothing to say: the text is empty")
    publisher_lexicon = _load_lexicon(lexicon, settings)
    merged = effective_lexicon(language, publisher_lexicon)
    script = prepare_script(text.strip(), language, merged)
    if dry_run or output is None:
        sys.stdout.write(format_dry_run(script).rstrip("\n") + "\n")
        if output is None:
            return
    from voxpress.voices import get_voice

    validate_speed(speed)
    chosen = get_voice(voice, language, settings)
    narration = narrate(script, chosen, speed, curve=get_curve(chosen, settings))
    fmt = output.suffix.lstrip(".").lower()
    with _atomic_write(output) as tmp:
        tmp.write_bytes(
            encode_audio(narration.samples, narration.sample_rate, fmt if fmt in FORMATS else "mp3")
        )


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


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and turn every user-facing failure into one line and an exit status."""
    try:
        app(args=argv, prog_name="voxpress", standalone_mode=False)
    except VoxpressError as error:
        err.print(f"voxpress: error: {error}", markup=False, highlight=False, soft_wrap=True)
        return 1
    except click.exceptions.Abort:
        err.print("voxpress: interrupted", markup=False, highlight=False)
        return 130
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("VOXPRESS_DEBUG"):
            raise
        err.print(
            f"voxpress: unexpected error: {type(error).__name__}: {error}", markup=False, highlight=False
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
