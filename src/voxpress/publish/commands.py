"""``voxpress sources``: register, list and remove the feeds the server polls.

The commands work on the database of ``VOXPRESS_DATA`` / ``VOXPRESS_DATABASE_URL`` directly;
a running server's scheduler picks new sources up on its next tick.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from voxpress.errors import InputError
from voxpress.publish.models import PublishStore
from voxpress.settings import Settings
from voxpress.store.db import Store

sources_app = typer.Typer(help="Feeds and sitemaps narrated as they publish.", no_args_is_help=True)
out = Console()


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
    if voice is not None:
        from voxpress.voices import list_voices

        if voice not in {info.id for info in list_voices(settings)}:
            raise InputError(f"unknown voice {voice!r}; 'voxpress voices' lists the installed voices")
    store, sources = _stores(settings)
    try:
        source = sources.add_source(url.strip(), voice, seconds)
    finally:
        store.close()
    out.print(f"{source.id}  {source.url}  every {every}", markup=False, highlight=False)


@sources_app.command("list")
def list_sources() -> None:
    """The registered sources with their state and last error."""
    store, sources = _stores(Settings.from_env())
    try:
        records = sources.list_sources()
    finally:
        store.close()
    for s in records:
        polled = s.last_polled_at.strftime("%Y-%m-%d %H:%M") if s.last_polled_at else "never"
        fields = (s.id, s.url, s.voice or "default", f"every {s.every_seconds:g}s", f"polled {polled}")
        line = "  ".join(fields)
        if s.failures:
            line += f"  failed {s.failures}x: {s.last_error}"
        out.print(line, markup=False, highlight=False, soft_wrap=True)


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
