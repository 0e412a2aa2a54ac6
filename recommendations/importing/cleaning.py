"""Cleaning: the text made uniform, and the lines of web-page chrome recognised.

:func:`normalise` unifies line endings, spaces, quotes and dashes, drops the table-cell bars of
a copy from a table ("| text") and closes a word a PDF copy hyphenated across lines ("long-
term"), and keeps every word; :func:`is_chrome` tells a line of banners, navigation, footers,
page numbers or a PDF's tier chart from the chapter.
"""

from __future__ import annotations

import re

import ftfy

_FTFY = ftfy.TextFixerConfig(unescape_html=False, explain=False, normalization="NFC")

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2000": " ",
        "\u2001": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2004": " ",
        "\u2005": " ",
        "\u2006": " ",
        "\u2007": " ",
        "\u2008": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u205f": " ",
        "\u3000": " ",
        "\t": " ",
        "\v": "\n",
        "\f": "\n",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
        "\u00ad": "",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u25cf": "\u2022",
        "\u25aa": "\u2022",
        "\u25e6": "\u2022",
        "\u2023": "\u2022",
        "\u2043": "\u2022",
        "\u2219": "\u2022",
        "\uf0b7": "\u2022",
    }
)
# An em or horizontal dash joins two words with spaces, so that no two words run into one.
_EM_DASH_RE = re.compile(r"\s*[\u2014\u2015]\s*")
# A table cell's bars at either end of a line ("| text |"); a line of bars alone is left blank.
_CELL_BARS_RE = re.compile(r"^(?:\|\s*)+|(?:\s*\|)+$")
# A word a PDF copy hyphenated at the end of a line, pasted with a space ("long- term"); a
# hyphen before "and", "or" or "to" is a shared prefix ("pre- and post-trial") and stays.
_SPLIT_WORD_RE = re.compile(r"(?<=[^\W\d_])- (?!(?:and|or|nor|to)\b)(?=[a-z])")


def normalise(text: str) -> str:
    """Unify line endings, spaces, quotes and dashes, drop table-cell bars and close words
    hyphenated across lines; keep every word as it is."""
    text = ftfy.fix_text(text, _FTFY)
    text = text.translate(_TRANSLATE)
    text = _EM_DASH_RE.sub(" - ", text)
    lines = [
        _SPLIT_WORD_RE.sub("-", _CELL_BARS_RE.sub("", re.sub(r" {2,}", " ", line).strip()))
        for line in text.split("\n")
    ]
    return "\n".join(lines).strip()


# --- web-page chrome ------------------------------------------------------------------------

_CHROME_PHRASES = [
    r"an official website of the united states government",
    r"here'?s how you know",
    r"official websites use \.gov",
    r"a \.gov website belongs to an official government organization in the united states\.?",
    r"secure \.gov websites use https",
    r"a lock \(\s*\)\s*or https:// means you'?ve safely connected to the \.gov website\.?",
    r"share sensitive information only on official,? secure websites\.?",
    r"(?:u\.s\.|united states) department of state",
    r"skip to (?:the )?(?:main )?content",
    r"office to monitor and combat trafficking in persons",
    r"(?:\d{4} )?trafficking in persons report(?:\s*[-:,]?\s*(?:june|july)?\s*\d{4})?",
    r"\d{4} trafficking in persons report\s*:\s*[^.]{2,60}",
    r"[^.\s][^.]{1,59} - united states department of state",
    r"home\s*[>/|].*",
    r"reports?\s*[>/|].*",
    r"(?:main )?menu|search|close|share|print|email|e-mail|facebook|twitter|x|linkedin",
    r"home|reports?|back to top|on this page|expand all|collapse all|tags?|related articles?",
    r"subscribe to updates|sign up for (?:email )?updates|subscribe",
    r"contact us|privacy policy|accessibility statement|copyright information|foia",
    r"no fear act|office of the inspector general|usa\.gov|white house|archives?",
    r"external link policy|disclaimer|careers|translations?|site map|faqs?",
    r"bureaus? (?:and|&) offices|countries (?:and|&) areas|news (?:and|&) events",
    r"policy issues|about (?:the )?(?:u\.s\. )?department of state|travel\.state\.gov",
    r"page \d{1,4}(?: of \d{1,4})?|\d{1,4}",
    # A PDF's chart of the country's tier over the years: its title, its tier axis, its years.
    r"tier ranking by year|2\s?wl",
]
_CHROME_PHRASE_RES = [re.compile(f"(?:{p})(?!\\w)", re.IGNORECASE) for p in _CHROME_PHRASES]
_CHROME_SEPARATORS = " .|:>/\u2022*-"


def is_chrome(line: str) -> bool:
    """Whether a line is only page chrome: banners, navigation, footers, page numbers.

    Reads the line phrase by phrase, taking the longest phrase at each point (no backtracking,
    so a long line costs little)."""
    if len(line) >= 300:
        return False
    position = len(line) - len(line.lstrip(_CHROME_SEPARATORS))
    if position == len(line):
        return False
    while position < len(line):
        longest = max(
            (m.end() for r in _CHROME_PHRASE_RES if (m := r.match(line, position))), default=None
        )
        if longest is None or longest == position:
            return False
        rest = line[longest:]
        position = longest + len(rest) - len(rest.lstrip(_CHROME_SEPARATORS))
    return True
