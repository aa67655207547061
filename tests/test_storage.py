"""Narrations in S3-compatible object storage, against moto's standalone S3 server over real HTTP.

moto's ``ThreadedMotoServer`` speaks the S3 REST protocol (signatures, ranges,
presigned URLs) on a local port; boto3 talks to it exactly as to AWS or MinIO.
A narration made by the in-process pool with real Piper is put in the bucket;
a second web node with an empty data folder serves it from there (fetched once,
then Range and ETag as usual) or by redirect to a presigned URL.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from topology import free_port, wait_until
from voxpress.errors import InputError
from voxpress.settings import Settings
from voxpress.storage import ObjectStorage, open_storage, parse_s3_url

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("moto") is None or importlib.util.find_spec("boto3") is None,
    reason="moto[server] and boto3 (PyPI) are needed",
)

ARTICLE = {
    "text": "Lighthouse keeper retires after forty years\n\n"
    "The keeper of the harbour lighthouse climbed its stairs for the last time on Friday. "
    "She plans to spend her retirement painting the coast she watched for so long."
}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_settings(data_dir: Path, endpoint: str, bucket: str, **changes: object) -> Settings:
    import boto3

    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket=bucket)
    base = Settings(
        data_dir=data_dir,
        storage_url=f"s3://{bucket}/voxpress",
        storage_endpoint_url=endpoint,
        storage_access_key="test",
        storage_secret_key="test",
    )
    from dataclasses import replace

    return replace(base, **changes)  # type: ignore[arg-type]


def test_url_parsing_and_no_storage_by_default(tmp_path: Path) -> None:
    assert parse_s3_url("s3://audio/site/a").bucket == "audio"
    assert parse_s3_url("s3://audio/site/a").prefix == "site/a"
    with pytest.raises(InputError):
        parse_s3_url("ftp://audio")
    assert open_storage(Settings(data_dir=tmp_path)) is None
    shared = Settings(data_dir=tmp_path, storage_url=f"file://{tmp_path / 'shared'}")
    assert open_storage(shared) is None and shared.narrations_dir == tmp_path / "shared" / "narrations"


def test_put_fetch_presign_delete(tmp_path: Path, s3_endpoint: str) -> None:
    storage = ObjectStorage.from_settings(s3_settings(tmp_path, s3_endpoint, "unit"))
    storage.put("a1/voice-1.00x.mp3", b"ID3 pretend audio")
    target = tmp_path / "copy" / "voice-1.00x.mp3"
    assert storage.fetch("a1/voice-1.00x.mp3", target) and target.read_bytes() == b"ID3 pretend audio"
    assert not storage.fetch("a1/missing.mp3", tmp_path / "missing.mp3")
    fetched = httpx.get(storage.presigned_url("a1/voice-1.00x.mp3"), headers={"Range": "bytes=0-2"})
    assert fetched.status_code == 206 and fetched.content == b"ID3"
    storage.delete_folder("a1")
    assert not storage.fetch("a1/voice-1.00x.mp3", tmp_path / "again.mp3")


def test_narration_made_on_one_node_is_served_from_s3_by_another(tmp_path: Path, s3_endpoint: str) -> None:
    from voxpress.server import create_app

    database = f"sqlite:///{tmp_path / 'shared.db'}"
    maker = s3_settings(tmp_path / "maker", s3_endpoint, "narrations", database_url=database)
    with TestClient(create_app(maker, warm=False)) as client:
        article_id = client.post("/api/articles", json=ARTICLE).json()["id"]
        job = client.post(f"/api/articles/{article_id}/narrations", json={}).json()
        wait_until(lambda: client.get(f"/api/jobs/{job['id']}").json()["status"] == "done", 120, "narration")
        made = client.get(f"/api/articles/{article_id}/audio").content
    # Another node: same database, an empty data folder; the bytes come from the bucket.
    reader = s3_settings(tmp_path / "reader", s3_endpoint, "narrations", database_url=database)
    with TestClient(create_app(reader, warm=False)) as client:
        served = client.get(f"/api/articles/{article_id}/audio")
        assert served.status_code == 200 and served.content == made
        etag = served.headers["etag"]
        assert (
            client.get(f"/api/articles/{article_id}/audio", headers={"If-None-Match": etag}).status_code
            == 304
        )
        ranged = client.get(f"/api/articles/{article_id}/audio", headers={"Range": "bytes=10-19"})
        assert ranged.status_code == 206 and ranged.content == made[10:20]
        assert client.get(f"/api/articles/{article_id}/timings").json()["complete"] is True
    redirecting = s3_settings(
        tmp_path / "edge", s3_endpoint, "narrations", database_url=database, storage_redirect=True
    )
    with TestClient(create_app(redirecting, warm=False), follow_redirects=False) as client:
        answer = client.get(f"/api/articles/{article_id}/audio")
        assert answer.status_code == 307
        assert httpx.get(answer.headers["location"]).content == made
        client.delete(f"/api/articles/{article_id}")
    assert not ObjectStorage.from_settings(redirecting).fetch(
        f"{article_id}/" + Path(answer.headers["location"].split("?")[0]).name, tmp_path / "gone"
    )
