"""Where finished narrations live when several machines share them.

``VOXPRESS_STORAGE_URL`` names it. ``file:///shared/folder`` is a folder every
node mounts (NFS, CephFS…): narrations and the sentence cache simply live
there (``Settings.shared_dir``) and nothing here is needed. ``s3://bucket/prefix``
is S3-compatible object storage (AWS S3, MinIO, Ceph RGW, R2, with
``VOXPRESS_STORAGE_ENDPOINT``): workers upload each finished file and its
timings (``ObjectStorage.put``), and a web node either fetches a file it does
not hold into its own narrations folder once, then serves it with Range and
ETag as usual, or answers with a redirect to a presigned URL
(``VOXPRESS_STORAGE_REDIRECT=1``).
"""

from __future__ import annotations

from voxpress.settings import Settings
from voxpress.storage.s3 import ObjectStorage, S3Location, parse_s3_url


def open_storage(settings: Settings) -> ObjectStorage | None:
    """The object storage of ``settings``; None for local files and ``file://`` folders."""
    if not settings.storage_url or settings.storage_url.startswith("file://"):
        return None
    return ObjectStorage.from_settings(settings)


__all__ = ["ObjectStorage", "S3Location", "open_storage", "parse_s3_url"]
