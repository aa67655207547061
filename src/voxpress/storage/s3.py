"""S3-compatible object storage through boto3: put, fetch, delete and presign narration files.

Keys are the files' paths relative to the narrations folder, under the URL's
prefix, so every node finds a narration's objects from its ids alone. Errors
become ``StorageError`` with a line that names the bucket and what failed.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from voxpress.errors import InputError, VoxpressError
from voxpress.settings import Settings

PRESIGNED_SECONDS = 3600
"""How long a presigned URL for a finished file stays valid."""
CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".json": "application/json",
}


class StorageError(VoxpressError):
    """The object storage could not be reached or refused a request."""

    http_status = 503


@dataclass(frozen=True)
class S3Location:
    bucket: str
    prefix: str
    """Key prefix without leading or trailing slash ('' for the bucket's root)."""


def parse_s3_url(url: str) -> S3Location:
    """``s3://bucket/prefix`` → its parts (``InputError`` for anything else)."""
    parsed = urlparse(url)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise InputError(f"VOXPRESS_STORAGE_URL must be file:///folder or s3://bucket/prefix, not '{url}'.")
    return S3Location(parsed.netloc, parsed.path.strip("/"))


class ObjectStorage:
    """One bucket and prefix of S3-compatible storage."""

    def __init__(self, location: S3Location, client: Any) -> None:
        self.location = location
        self.client = client

    @classmethod
    def from_settings(cls, settings: Settings) -> ObjectStorage:
        import boto3
        from botocore.config import Config

        assert settings.storage_url
        client = boto3.client(
            "s3",
            endpoint_url=settings.storage_endpoint_url,
            region_name=settings.storage_region or "us-east-1",
            aws_access_key_id=settings.storage_access_key,
            aws_secret_access_key=settings.storage_secret_key,
            config=Config(
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
                s3={"addressing_style": "path"},
            ),
        )
        return cls(parse_s3_url(settings.storage_url), client)

    def key(self, relative: str) -> str:
        return f"{self.location.prefix}/{relative}" if self.location.prefix else relative

    def _fail(self, what: str, error: Exception) -> StorageError:
        return StorageError(f"Object storage s3://{self.location.bucket}: {what} failed ({error}).")

    def put(self, relative: str, data: bytes) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        content_type = CONTENT_TYPES.get(Path(relative).suffix, "application/octet-stream")
        try:
            self.client.put_object(
                Bucket=self.location.bucket, Key=self.key(relative), Body=data, ContentType=content_type
            )
        except (BotoCoreError, ClientError) as error:
            raise self._fail(f"storing {relative}", error) from error

    def put_file(self, relative: str, source: Path) -> None:
        """Store the file at ``source``, read in parts (multipart for large files), never whole."""
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError

        content_type = CONTENT_TYPES.get(Path(relative).suffix, "application/octet-stream")
        try:
            self.client.upload_file(
                str(source), self.location.bucket, self.key(relative), ExtraArgs={"ContentType": content_type}
            )
        except (Boto3Error, BotoCoreError, ClientError) as error:
            raise self._fail(f"storing {relative}", error) from error

    def fetch(self, relative: str, destination: Path) -> bool:
        """Download an object to ``destination`` (atomically); False when there is no such object."""
        from botocore.exceptions import BotoCoreError, ClientError

        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.")
        os.close(handle)
        try:
            self.client.download_file(self.location.bucket, self.key(relative), temporary)
            os.replace(temporary, destination)
            return True
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise self._fail(f"reading {relative}", error) from error
        except BotoCoreError as error:
            raise self._fail(f"reading {relative}", error) from error
        finally:
            Path(temporary).unlink(missing_ok=True)

    def delete_folder(self, relative: str) -> None:
        """Remove every object under ``relative/`` (an article's narrations)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            paginator = self.client.get_paginator("list_objects_v2")
            for page in paginator.paginate(
                Bucket=self.location.bucket, Prefix=self.key(relative.rstrip("/") + "/")
            ):
                objects = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if objects:
                    self.client.delete_objects(Bucket=self.location.bucket, Delete={"Objects": objects})
        except (BotoCoreError, ClientError) as error:
            raise self._fail(f"deleting {relative}", error) from error

    def presigned_url(self, relative: str, seconds: int = PRESIGNED_SECONDS) -> str:
        return str(
            self.client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.location.bucket, "Key": self.key(relative)},
                ExpiresIn=seconds,
            )
        )
