"""Each ZIP, once built, kept on this app server's disk (TIPT_OPEN_DATA_DIR) until what it holds
changes: the ZIP of every country takes some seconds to build at full volume, so a second
download (or a hundred at once) is served from the file, not built again.

A ZIP is kept under the key its page would have (public/cache.py: the page versions of its
country, or of every country, the database, the language, the day, the address), so a committed
change, a new day or another language makes the copy unreachable, as it does a cached page. The
file is written as the ZIP is sent, under a temporary name, and takes its place only once
complete: a download broken off leaves nothing. The copies of the same ZIP made unreachable are
removed when a new one is kept.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def stored_path(group: str, key: str) -> Path:
    """Where the ZIP of ``group`` (its name and language, e.g. ``saint-lucia.fr``: a dot is in
    no slug) is kept under ``key``."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return Path(settings.TIPT_OPEN_DATA_DIR) / f"{group}.{digest}.zip"


def kept(chunks: Iterable[bytes], path: Path, group: str) -> Iterator[bytes]:
    """``chunks``, passed on as they come and written to ``path`` as well, which holds them
    once the last has gone out; then the older copies of ``group`` are removed. A folder that
    cannot be written is logged, once per download, and the download goes on, unkept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".partial-", suffix=".zip")
    except OSError as error:
        logger.warning("The open data's ZIP is not kept: %s", error)
        yield from chunks
        return
    file = os.fdopen(handle, "wb")
    complete = False
    try:
        for chunk in chunks:
            if file is not None:
                file = _written(file, chunk)
            yield chunk
        if file is not None:
            file.close()
            os.replace(partial, path)
            complete = True
            for older in path.parent.glob(f"{group}.*.zip"):
                if older != path:
                    older.unlink(missing_ok=True)
    finally:
        if not complete:
            if file is not None:
                file.close()
            Path(partial).unlink(missing_ok=True)


def _written(file, chunk: bytes):
    """``file`` once ``chunk`` is written to it, or None (and logged) when it cannot be."""
    try:
        file.write(chunk)
    except OSError as error:
        logger.warning("The open data's ZIP is not kept: %s", error)
        file.close()
        return None
    return file
