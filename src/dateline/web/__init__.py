"""The web app: `dateline serve` serves timelines as pages and as a JSON API over a read-only store."""

from dateline.web.app import create_app

__all__ = ["create_app"]
