"""The package's public names, and its stages up to the plan free of the ORM."""

import subprocess
import sys
from pathlib import Path

import pytest

from recommendations import importing

from ..conftest import SEED

ROOT = Path(__file__).resolve().parents[2]


def test_every_public_name_is_there():
    for name in importing.__all__:
        assert getattr(importing, name) is not None, name
    with pytest.raises(AttributeError):
        importing.no_such_name  # noqa: B018


def test_parsing_loads_no_model_and_no_orm():
    """Decoding to the chapter, areas and lineage run without Django's apps or database code."""
    code = f"""
import sys
from django.conf import settings
settings.configure(USE_I18N=False)
from recommendations.importing import parse_chapter
from recommendations.importing import lineage
chapter = parse_chapter(open({str(SEED)!r}, "rb").read())
assert len(chapter.recommendations) == 9
loaded = [m for m in sys.modules if m.startswith("django.db") or m in (
    "recommendations.models", "recommendations.importing.plan", "recommendations.importing.apply"
)]
assert not loaded, loaded
"""
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
