"""The build's idea of today, kept apart from site.py so that `briefing check` need not import
the renderers and exporters just to learn the date."""

from __future__ import annotations

import datetime as dt
import os


def build_date(environ: dict[str, str] | None = None) -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH so that two builds of one commit are identical."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
