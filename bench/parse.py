"""How long parsing a 200 KB country chapter takes.

    python bench/parse.py [--size KB] [--runs N]

Builds chapters of about the given size from the Saint Lucia 2020 chapter (its narrative
repeated), in two layouts: a web page with bullets, and a PDF copy hard-wrapped at 80 columns
with the older semicolon list. Prints the median and slowest of N parses of each.
"""

import argparse
import statistics
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.conf import settings  # noqa: E402

if not settings.configured:
    settings.configure(USE_I18N=False)

from recommendations.importing import parse_chapter  # noqa: E402

SEED = ROOT / "recommendations" / "data" / "saint-lucia-2020.txt"
RECOMMENDATIONS = [
    "Increase efforts to identify vulnerable individuals and screen them for trafficking.",
    "Investigate, prosecute, convict, and punish perpetrators of sex trafficking and labor "
    "trafficking, including complicit officials under the U.S.-funded programme.",
    "Amend the anti-trafficking law to remove sentencing provisions that allow fines in lieu of "
    "imprisonment for sex trafficking offenses.",
    "Formally approve and implement SOPs for victim identification, e.g. at ports of entry.",
    "Develop and implement a NAP for 2024 and onwards, with a dedicated budget.",
] * 4


def narrative(size: int) -> list[str]:
    paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")[8:-2]
    out: list[str] = []
    while sum(len(p) for p in out) < size:
        out.extend(paragraphs)
    return out


def web_chapter(size: int) -> str:
    bullets = "\n".join(f"• {text}" for text in RECOMMENDATIONS)
    return (
        "An official website of the United States Government Here's how you know\n\n"
        "2024 Trafficking in Persons Report: Saint Lucia\n\nSAINT LUCIA: Tier 2\n\n"
        "The Government of Saint Lucia does not fully meet the minimum standards for the "
        "elimination of trafficking; therefore Saint Lucia remained on Tier 2.\n\n"
        f"PRIORITIZED RECOMMENDATIONS:\n\n{bullets}\n\nPROSECUTION\n\n"
        + "\n\n".join(narrative(size))
        + "\n\nU.S. Department of State\nPrivacy Policy\n"
    )


def pdf_chapter(size: int) -> str:
    clauses = "; ".join(t[0].lower() + t[1:].rstrip(".") for t in RECOMMENDATIONS[:5])
    text = (
        "SAINT LUCIA: TIER 2\nThe Government of Saint Lucia does not fully meet the minimum "
        "standards for the elimination of trafficking; therefore Saint Lucia remained on Tier "
        f"2.\nRECOMMENDATIONS FOR SAINT LUCIA\n{clauses[0].upper()}{clauses[1:]}.\nPROSECUTION\n"
        + "\n".join(narrative(size))
    )
    return "\n".join(textwrap.fill(line, 80) for line in text.split("\n"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200, help="chapter size in KB")
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    for name, build in (("web page, bullets", web_chapter), ("PDF, hard-wrapped", pdf_chapter)):
        chapter = build(options.size * 1024)
        timings = []
        for _ in range(options.runs):
            start = time.perf_counter()
            parsed = parse_chapter(chapter.encode("utf-8"), year=2024)
            timings.append(time.perf_counter() - start)
        sys.stdout.write(
            f"{name}: {len(chapter.encode()) / 1024:.0f} KB, "
            f"{len(parsed.recommendations)} recommendations, "
            f"median {statistics.median(timings) * 1000:.0f} ms, "
            f"slowest {max(timings) * 1000:.0f} ms over {options.runs} runs\n"
        )


if __name__ == "__main__":
    main()
