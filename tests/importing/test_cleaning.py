"""Cleaning: spaces, quotes and dashes made uniform without losing a word; page chrome."""

import re

from recommendations.importing import parse_chapter
from recommendations.importing.cleaning import normalise

from ..conftest import CHAPTERS


def test_normalise_unifies_spaces_quotes_dashes_and_line_endings():
    raw = "A\u00a0\u201cquoted\u201d\u2009wo\u00adrd\u2019s end \u2013 x\u2014y\r\nnext\rlast  "
    assert normalise(raw) == 'A "quoted" word\'s end - x - y\nnext\nlast'


def test_normalising_keeps_every_word_of_a_recommendation():
    raw = (CHAPTERS / "antigua-and-barbuda-cp1252-crlf-one-per-line.txt").read_bytes()
    original = raw.decode("cp1252")
    chapter = parse_chapter(raw, year=2021)

    def words(text):
        return re.findall(r"[\w]+", text)

    original_words = words(original)
    for rec in chapter.recommendations:
        rec_words = words(rec.text)
        first = original_words.index(rec_words[0])
        while original_words[first : first + len(rec_words)] != rec_words:
            first = original_words.index(rec_words[0], first + 1)
        assert original_words[first : first + len(rec_words)] == rec_words


def test_a_long_line_of_numbers_is_text_not_chrome():
    # Page numbers are chrome, but a line of many numbers and a word is not (and is read in
    # one pass: an earlier pattern backtracked for ever on such a line).
    line = " ".join(str(n) for n in range(200)) + " victims"
    chapter = parse_chapter(
        "JAMAICA: Tier 2\n\nThe Government of Jamaica does not fully meet the minimum standards."
        f"\n\nIncrease efforts to identify victims.\n\n{line}.\n",
        year=2020,
    )
    assert line in chapter.source_text
