"""The chapters of tests/fixtures/chapters/, parsed, and the texts of their recommendations."""

from recommendations.importing import parse_chapter

from ..conftest import CHAPTERS


def parse_fixture(name, **kwargs):
    return parse_chapter((CHAPTERS / name).read_bytes(), **kwargs)


def texts(chapter):
    return [r.text for r in chapter.recommendations]
