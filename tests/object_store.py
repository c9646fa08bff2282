"""The S3 server of the object-store tests: moto's, on loopback (``benchmarks.moto_s3``)."""

from __future__ import annotations

from benchmarks.moto_s3 import ACCESS_KEY, REGION, SECRET_KEY, S3Server, moto_server

__all__ = ["ACCESS_KEY", "REGION", "SECRET_KEY", "S3Server", "moto_server"]
