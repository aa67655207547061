"""``voxpress sources``: register, edit, list and remove the feeds the server polls.

The commands work on the database of ``VOXPRESS_DATA`` / ``VOXPRESS_DATABASE_URL`` directly;
a running server's scheduler picks new sources up on its next tick.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from voxpress.errors import InputError
from voxpress.publish.models import KEEP, Keep, PublishStore, SourceRecord
from voxpress.settings import Settings
from voxpress.store.db import Store

sources_app = typer.Typer(help="Feeds and sitemaps narrated as they publish.", no_args_is_help=True)
out = Console()
DEFAULT_VOICE = "default"
"""What ``--voice`` takes, and ``list`` shows, for the article language's default voice."""


def _stores(settings: Settings) -> tuple[Store, PublishStore]:
    from voxpress.publish.models import PublishStore
    from voxpress.store.db import Store

    store = Store(settings.resolved_database_url)
    return store, PublishStore(store)


@sources_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="RSS 2.0, Atom or news-sitemap URL.")],
    voice: Annotated[
        str | None, typer.Option(help="Voice id for its stories (see 'voxpress voices').")
    ] = None,
    every: Annotated[str, typer.Option(help="Poll interval: 30s, 10m, 2h…")] = "10m",
) -> None:
    """Register a source; the server polls it every ``--every``."""
    from voxpress.publish.publisher import parse_interval

    settings = Settings.from_env()
    seconds = parse_interval(every)
    if not url.strip().lower().startswith(("http://", "https://")):
        raise InputError("A source must be an http or https URL of an RSS, Atom or sitemap feed.")
    _check_voice(voice, settings)
    store, sources = _stores(settings)
    try:
        source = sources.add_source(url.strip(), voice, seconds)
    finally:
        store.close()
    out.print(f"{source.id}  {source.url}  every {every}", markup=False, highlight=False)


@sources_app.command("edit")
def edit(
    source: Annotated[str, typer.Argument(help="Source id or URL.")],
    voice: Annotated[
        str | None,
        typer.Option(help="Voice id for its next stories ('default': the language's default voice)."),
    ] = None,
    every: Annotated[str | None, typer.Option(help="Poll interval: 30s, 10m, 2h…")] = None,
    paused: Annotated[
        bool | None,
        typer.Option("--pause/--resume", help="Stop polling it (its stories stay), or poll again."),
    ] = None,
) -> None:
    """Change a source's voice, poll interval, or whether it is polled."""
    from voxpress.publish.publisher import parse_interval

    if voice is None and every is None and paused is None:
        raise InputError("nothing to change: give --voice, --every, --pause or --resume")
    settings = Settings.from_env()
    seconds = None if every is None else parse_interval(every)
    new_voice: str | Keep | None = KEEP
    if voice is not None:
        new_voice = None if voice == DEFAULT_VOICE else voice
        _check_voice(new_voice, settings)
    store, sources = _stores(settings)
    try:
        record = sources.edit_source(
            sources.find_source(source).id, voice=new_voice, every_seconds=seconds, paused=paused
        )
    finally:
        store.close()
    out.print(_source_line(record), markup=False, highlight=False, soft_wrap=True)


@sources_app.command("list")
def list_sources() -> None:
    """The registered sources with their state and last error."""
    store, sources = _stores(Settings.from_env())
    try:
        records = sources.list_sources()
    finally:
        store.close()
    for record in records:
        out.print(_source_line(record), markup=False, highlight=False, soft_wrap=True)


def _source_line(source: SourceRecord) -> str:
    """One line of ``sources list``: id, URL, voice, interval, last poll, pause, failures."""
    polled = source.last_polled_at.strftime("%Y-%m-%d %H:%M") if source.last_polled_at else "never"
    fields = [source.id, source.url, source.voice or DEFAULT_VOICE, f"every {source.every_seconds:g}s"]
    fields.append(f"polled {polled}")
    if source.paused:
        fields.append("paused")
    line = "  ".join(fields)
    if source.failures:
        line += f"  failed {source.failures}x: {source.last_error}"
    return line


def _check_voice(voice: str | None, settings: Settings) -> None:
    if voice is None:
        return
    from voxpress.voices import list_voices

    if voice not in {info.id for info in list_voices(settings)}:
        raise InputError(f"unknown voice {voice!r}; 'voxpress voices' lists the installed voices")


@sources_app.command("remove")
def remove(source: Annotated[str, typer.Argument(help="Source id or URL.")]) -> None:
    """Stop polling a source (its narrated articles stay in the library)."""
    store, sources = _stores(Settings.from_env())
    try:
        record = sources.find_source(source)
        sources.remove_source(record.id)
    finally:
        store.close()
    out.print(f"removed {record.url}", markup=False, highlight=False)
