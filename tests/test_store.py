"""The store: articles, narrations and jobs in a real SQLite file; atomic files; the sentence cache."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from voxpress.article import Article
from voxpress.errors import NotFoundError
from voxpress.store import DiskSentenceCache, NarrationFiles, NarrationRecord, Store, entity_tag, write_atomic
from voxpress.store.db import utc_now
from voxpress.store.schema import head_revision
from voxpress.voices.base import SentenceAudio

HARBOUR = Article(
    title="Harbour ferries return after the winter storms",
    standfirst=("Three routes reopen on Monday.",),
    paragraphs=(
        "The blue ferries of the northern harbour will sail again next week, the port authority said.",
        "Repairs to the east pier took longer than planned because of the cold.",
    ),
    byline="Ines Marlow",
    published="2026-03-02",
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(f"sqlite:///{tmp_path / 'voxpress.db'}")
    yield opened
    opened.close()


def test_articles_round_trip_and_same_content_is_stored_once(store: Store) -> None:
    record, new = store.add_article(HARBOUR)
    assert new
    again, new_again = store.add_article(HARBOUR)
    assert (again.id, new_again) == (record.id, False)
    loaded = store.get_article(record.id)
    assert loaded.article == HARBOUR
    assert loaded.created_at.tzinfo is not None
    other, _ = store.add_article(Article(title="Another story", paragraphs=("Something else happened.",)))
    assert [r.id for r in store.list_articles()] == [other.id, record.id]


def test_the_same_article_added_at_once_from_many_threads_is_one_record(store: Store) -> None:
    article = Article(title="Tide tables", paragraphs=("The spring tides come early this year.",))
    records: list[str] = []
    threads = [
        threading.Thread(target=lambda: records.append(store.add_article(article)[0].id)) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(records) == 8 and len(set(records)) == 1


def test_deleting_an_article_removes_its_narrations_and_jobs(store: Store, tmp_path: Path) -> None:
    record, _ = store.add_article(HARBOUR)
    job = store.create_job(record.id, "piper:x", 1.0, ("mp3",))
    store.save_narration(
        NarrationRecord(
            record.id,
            "piper:x",
            1.0,
            "mp3",
            tmp_path / "a.mp3",
            tmp_path / "a.json",
            '"e"',
            3,
            1.5,
            utc_now(),
        )
    )
    removed = store.delete_article(record.id)
    assert [n.format for n in removed] == ["mp3"]
    with pytest.raises(NotFoundError):
        store.get_article(record.id)
    with pytest.raises(NotFoundError):
        store.get_job(job.id)
    assert store.get_narration(record.id, "piper:x", 1.0, "mp3") is None
    with pytest.raises(NotFoundError, match="No article"):
        store.delete_article(record.id)


def test_narrations_are_keyed_by_voice_speed_and_format(store: Store, tmp_path: Path) -> None:
    record, _ = store.add_article(HARBOUR)

    def narration(speed: float, fmt: str, etag: str) -> NarrationRecord:
        return NarrationRecord(
            record.id,
            "piper:x",
            speed,
            fmt,
            tmp_path / f"{etag}.{fmt}",
            tmp_path / "t.json",
            etag,
            10,
            2.0,
            utc_now(),
        )

    store.save_narration(narration(1.0, "mp3", '"one"'))
    store.save_narration(narration(1.5, "mp3", '"fast"'))
    store.save_narration(narration(1.0, "mp3", '"replaced"'))
    assert store.get_narration(record.id, "piper:x", 1.0000001, "mp3").etag == '"replaced"'
    assert store.get_narration(record.id, "piper:x", 1.5, "mp3").etag == '"fast"'
    assert store.get_narration(record.id, "piper:x", 1.0, "opus") is None
    assert len(store.list_narrations()) == 2


def test_job_state_is_durable_and_active_jobs_are_found(store: Store, tmp_path: Path) -> None:
    record, _ = store.add_article(HARBOUR)
    job = store.create_job(record.id, "piper:x", 1.0, ("mp3",))
    assert store.find_active_job(record.id, "piper:x", 1.0).id == job.id
    running = store.update_job(job.id, status="running", progress=0.4, add_attempt=True)
    assert (running.status, running.progress, running.attempts) == ("running", 0.4, 1)
    assert running.updated_at >= job.updated_at
    reopened = Store(f"sqlite:///{tmp_path / 'voxpress.db'}")
    try:
        assert [j.id for j in reopened.list_jobs(("queued", "running"))] == [job.id]
        reopened.update_job(job.id, status="failed", error="The voice failed.")
    finally:
        reopened.close()
    failed = store.get_job(job.id)
    assert (failed.status, failed.error, failed.active) == ("failed", "The voice failed.", False)
    assert store.find_active_job(record.id, "piper:x", 1.0) is None
    assert store.latest_job(record.id, "piper:x", 1.0).id == job.id
    with pytest.raises(ValueError):
        store.update_job(job.id, status="exploded")


def test_atomic_write_never_leaves_a_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "n" / "a.mp3"
    write_atomic(target, b"first")
    write_atomic(target, b"second version")
    assert target.read_bytes() == b"second version"
    assert [p.name for p in target.parent.iterdir()] == ["a.mp3"]
    assert entity_tag(b"x") == entity_tag(b"x") != entity_tag(b"y")
    assert entity_tag(b"x").startswith('"') and entity_tag(b"x").endswith('"')


def test_narration_paths_stay_inside_the_folder(tmp_path: Path) -> None:
    files = NarrationFiles(tmp_path)
    path = files.audio_path("../../etc", "piper:en_US/../joe", 1.0, "mp3")
    assert path.resolve().is_relative_to(tmp_path.resolve())
    assert path.name == "piper_en_US_.._joe-1.00x.mp3"
    assert files.timings_path("abc", "piper:v", 1.5).name == "piper_v-1.50x.timings.json"


def test_sentence_cache_round_trips_audio_and_word_spans(tmp_path: Path) -> None:
    cache = DiskSentenceCache(tmp_path / "cache")
    samples = np.sin(np.linspace(0, 200, 4410)).astype(np.float32)
    audio = SentenceAudio(samples=samples, sample_rate=22050, word_spans=[(0.0, 0.08), None, (0.09, 0.2)])
    assert cache.get("key-1") is None
    cache.put("key-1", audio)
    loaded = cache.get("key-1")
    assert loaded is not None
    np.testing.assert_array_equal(loaded.samples, samples)
    assert loaded.samples.dtype == np.float32
    assert loaded.sample_rate == 22050
    assert loaded.word_spans == [(0.0, 0.08), None, (0.09, 0.2)]
    assert (cache.hits, cache.misses) == (1, 1)


def test_sentence_cache_treats_a_torn_entry_as_a_miss(tmp_path: Path) -> None:
    cache = DiskSentenceCache(tmp_path)
    cache.put("k", SentenceAudio(np.zeros(10, np.float32), 16000, [(0.0, 0.001)]))
    path = next(tmp_path.rglob("*.npz"))
    path.write_bytes(path.read_bytes()[:20])
    assert cache.get("k") is None


def test_sentence_cache_is_safe_under_concurrent_writers(tmp_path: Path) -> None:
    cache = DiskSentenceCache(tmp_path)
    audio = SentenceAudio(np.ones(22050, np.float32) * 0.1, 22050, [(0.0, 1.0)])
    threads = [threading.Thread(target=cache.put, args=("same", audio)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    loaded = cache.get("same")
    assert loaded is not None and len(loaded.samples) == 22050
    assert len(list(tmp_path.rglob("*"))) == 2  # one folder, one file: no temporary left behind


def test_an_edited_article_resynthesizes_only_the_changed_sentence(tmp_path: Path) -> None:
    from voxpress.narration import get_curve, narrate, prepare
    from voxpress.settings import Settings
    from voxpress.voices import get_voice

    settings = Settings(data_dir=tmp_path)
    voice = get_voice(None, "en", settings)
    curve = get_curve(voice, settings)
    cache = DiskSentenceCache(settings.cache_dir)
    published = Article(
        title="Rain delays the harvest",
        paragraphs=(
            "Farmers waited all week for dry fields. The barley is still standing. Prices may rise.",
        ),
    )
    first = narrate(prepare(published), voice, 1.0, curve=curve, cache=cache)
    assert cache.misses == len(prepare(published).sentences) == 4
    edited = Article(
        title=published.title,
        paragraphs=("Farmers waited all week for dry fields. The wheat is still standing. Prices may rise.",),
    )
    cache.hits = cache.misses = 0
    second = narrate(prepare(edited), voice, 1.0, curve=curve, cache=cache)
    assert (cache.misses, cache.hits) == (1, 3)
    assert second.timings.text == edited.narration_text
    assert abs(second.duration - first.duration) < 1.0


def test_sentence_cache_prunes_the_least_recently_used_entries(tmp_path: Path) -> None:
    import os

    cache = DiskSentenceCache(tmp_path)
    audio = SentenceAudio(np.zeros(1000, np.float32), 16000, [(0.0, 0.05)])
    for index in range(4):
        cache.put(f"key-{index}", audio)
    paths = {index: cache._path(f"key-{index}") for index in range(4)}
    for index, path in paths.items():
        os.utime(path, (1_000_000 + index, 1_000_000 + index))
    assert cache.get("key-0") is not None  # used now: the newest
    entry_size = paths[0].stat().st_size
    assert cache.prune(max_bytes=2 * entry_size) == 2
    assert [index for index, path in paths.items() if path.exists()] == [0, 3]
    assert cache.prune(max_bytes=10 * entry_size) == 0


def test_a_database_that_cannot_be_opened_is_a_clear_error(tmp_path: Path) -> None:
    from voxpress.errors import VoxpressError

    (tmp_path / "taken").write_text("a file where the data folder should be")
    with pytest.raises(VoxpressError, match=r"^Cannot open the database sqlite:///"):
        Store(f"sqlite:///{tmp_path / 'taken' / 'voxpress.db'}")
    with pytest.raises(VoxpressError, match=r"^Cannot open the database mysql://reader:\*\*\*@"):
        Store("mysql://reader:secret@localhost/voxpress")  # no MySQL driver is installed


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda audio: SentenceAudio(np.full(100, np.nan, np.float32), 22050, []), id="nan"),
        pytest.param(lambda audio: SentenceAudio(np.zeros(0, np.float32), 22050, []), id="empty"),
        pytest.param(lambda audio: SentenceAudio(audio.samples, 16000, audio.word_spans), id="rate"),
    ],
)
def test_a_damaged_sentence_cache_entry_is_a_miss_and_is_removed(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache = DiskSentenceCache(tmp_path)
    good = SentenceAudio(np.full(2205, 0.1, np.float32), 22050, [(0.0, 0.1)])
    cache.put("k", damage(good))
    path = cache._path("k")
    assert path.exists()
    voice_view = cache.for_sample_rate(22050)
    assert voice_view.get("k") is None
    assert not path.exists()  # removed: the next synthesis writes a good one
    voice_view.put("k", good)
    loaded = voice_view.get("k")
    assert loaded is not None and loaded.sample_rate == 22050 and voice_view.keys == {"k"}


def test_the_sentence_cache_keeps_its_budget_while_running(tmp_path: Path) -> None:
    audio = SentenceAudio(np.full(5000, 0.2, np.float32), 22050, [(0.0, 0.2)])
    probe = DiskSentenceCache(tmp_path / "probe")
    probe.put("probe", audio)
    entry_size = probe.size()
    cache = DiskSentenceCache(tmp_path / "cache", max_bytes=10 * entry_size)
    for index in range(60):
        cache.put(f"sentence-{index}", audio)
        assert cache.size() <= 10 * entry_size
    assert cache.get("sentence-59") is not None  # the newest stay
    assert cache.get("sentence-0") is None


def test_a_database_made_by_the_old_create_all_is_upgraded_in_place(tmp_path: Path) -> None:
    import sqlalchemy as sa

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = sa.MetaData()
    sa.Table(
        "articles",
        old,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("content_hash", sa.String(64), unique=True, index=True),
        sa.Column("data", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True)),
    )
    sa.Table(
        "jobs",
        old,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True),
        sa.Column("voice", sa.String(200)),
        sa.Column("speed", sa.Float),
        sa.Column("formats", sa.String(64)),
        sa.Column("status", sa.String(16), index=True),
        sa.Column("progress", sa.Float),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("attempts", sa.Integer),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
    )
    sa.Table(
        "narrations",
        old,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True),
        sa.Column("voice", sa.String(200)),
        sa.Column("speed", sa.Float),
        sa.Column("format", sa.String(8)),
        sa.Column("status", sa.String(16)),
        sa.Column("path", sa.Text),
        sa.Column("timings_path", sa.Text),
        sa.Column("etag", sa.String(80)),
        sa.Column("size", sa.BigInteger),
        sa.Column("duration", sa.Float),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("article_id", "voice", "speed", "format"),
    )
    engine = sa.create_engine(url)
    old.create_all(engine)
    now = utc_now()
    data = '{"title": "Old times", "paragraphs": ["Kept through the upgrade."]}'
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO articles VALUES ('a1', 'h1', :data, :now)"), {"data": data, "now": now}
        )
        connection.execute(
            sa.text("INSERT INTO jobs VALUES ('j1', 'a1', 'v', 1.0, 'mp3', 'running', 0.5, NULL, 1, :n, :n)"),
            {"n": now},
        )
    engine.dispose()

    upgraded = Store(url)
    try:
        assert upgraded.get_article("a1").article.title == "Old times"
        job = upgraded.get_job("j1")
        assert (job.status, job.attempts, job.lease_owner) == ("running", 1, None)
        [taken] = upgraded.take_over_expired_jobs("me", 30)  # no lease: free to take over
        assert taken.id == "j1" and taken.lease_owner == "me"
        columns = {column["name"] for column in sa.inspect(upgraded.engine).get_columns("jobs")}
        assert {"lease_owner", "lease_expires", "active_key"} <= columns
        with upgraded.engine.connect() as connection:
            assert (
                connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
                == head_revision()
            )
    finally:
        upgraded.close()
    Store(url).close()  # opening it again changes nothing


def test_a_delete_racing_readers_never_leaves_the_article_readable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}"
    writer, other_process = Store(url), Store(url)
    try:
        ids = [
            writer.add_article(Article(title=f"Story {n}", paragraphs=(f"Body number {n}.",)))[0].id
            for n in range(25)
        ]
        for article_id in ids:
            other_process.get_article(article_id)  # both "processes" have read every article
        stop = threading.Event()

        def read_all(store: Store) -> None:
            while not stop.is_set():
                for article_id in ids:
                    with contextlib.suppress(NotFoundError):
                        store.get_article(article_id)

        readers = [threading.Thread(target=read_all, args=(s,)) for s in (writer, writer, other_process)]
        for reader in readers:
            reader.start()
        for article_id in ids:
            writer.delete_article(article_id)
        stop.set()
        for reader in readers:
            reader.join(10)
        for store in (writer, other_process):
            for article_id in ids:
                with pytest.raises(NotFoundError):
                    store.get_article(article_id)
    finally:
        writer.close()
        other_process.close()


def test_a_narration_saved_after_its_article_was_deleted_is_refused(store: Store, tmp_path: Path) -> None:
    record, _ = store.add_article(HARBOUR)
    store.delete_article(record.id)
    with pytest.raises(NotFoundError):
        store.save_narration(
            NarrationRecord(
                record.id, "v", 1.0, "mp3", tmp_path / "a.mp3", tmp_path / "t", '"x"', 1, 1.0, utc_now()
            )
        )


def test_a_write_on_a_full_disk_is_storage_full_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    from voxpress.errors import StorageFullError

    small = mounted_tmpfs(tmp_path / "small", "1m")
    with pytest.raises(StorageFullError, match="disk is full"):
        write_atomic(small / "big.mp3", b"x" * 2_000_000)
    assert list(small.iterdir()) == []


def test_the_model_cache_leaves_no_temporary_file_on_a_full_disk(tmp_path: Path) -> None:
    from voxpress.voices.model_cache import derived_model

    small = mounted_tmpfs(tmp_path / "small", "1m")
    model = tmp_path / "model.onnx"
    model.write_bytes(b"model")
    result = derived_model(model, small, "patched", lambda: b"p" * 2_000_000)
    assert result == b"p" * 2_000_000  # used from memory
    assert [path for path in small.rglob("*") if path.is_file()] == []


def test_the_model_cache_keeps_one_copy_per_model(tmp_path: Path) -> None:
    """A changed model file or a superseding derivation leaves one cached copy, not one per version."""
    import os

    from voxpress.voices.model_cache import derived_model

    cache = tmp_path / "cache"
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"model one")
    old_kind = cache / "timed"
    old_kind.mkdir(parents=True)
    (old_kind / "voice-0123456789abcdef.onnx").write_bytes(b"old derivation")
    (old_kind / "other-0123456789abcdef.onnx").write_bytes(b"another model's copy")

    first = derived_model(model, cache, "capped", lambda: b"patched one", replaces=("timed",))
    assert first == b"patched one"
    assert [p.name for p in old_kind.iterdir()] == ["other-0123456789abcdef.onnx"]
    assert derived_model(model, cache, "capped", lambda: b"never made") == str(
        next((cache / "capped").iterdir())
    )

    model.write_bytes(b"model two, longer")
    os.utime(model, ns=(1, 2))
    assert derived_model(model, cache, "capped", lambda: b"patched two") == b"patched two"
    kept = list((cache / "capped").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == b"patched two"


def mounted_tmpfs(folder: Path, size: str) -> Path:
    """A real small file system at ``folder`` (skips where mounting is not permitted)."""
    import subprocess

    folder.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    _MOUNTS.append(folder)
    return folder


_MOUNTS: list[Path] = []


@pytest.fixture(autouse=True)
def _unmount_tmpfs() -> Iterator[None]:
    import subprocess

    yield
    while _MOUNTS:
        subprocess.run(["umount", "-l", str(_MOUNTS.pop())], capture_output=True)


def test_a_database_from_a_newer_voxpress_is_a_clear_error(tmp_path: Path) -> None:
    import sqlite3

    from voxpress.errors import VoxpressError

    url = f"sqlite:///{tmp_path / 'newer.db'}"
    Store(url).close()
    with contextlib.closing(sqlite3.connect(tmp_path / "newer.db")) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    with pytest.raises(VoxpressError, match=r"Cannot open the database .*revision"):
        Store(url)
