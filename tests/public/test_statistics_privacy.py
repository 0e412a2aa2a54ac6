"""No count of 1 to the threshold can be read, or worked out, from a published breakdown: every
masked cell keeps at least two possible values given everything the public sees (the total,
the cells shown, "fewer than N" meaning 1 to the threshold since zeros are shown, and a
withheld cell, of a dimension withheld whole, being anything from 0 to the total)."""

import itertools
from decimal import Decimal

import pytest

from recommendations.selectors.statistics import SHOWN, SMALL, WITHHELD, masked_breakdown

THRESHOLD = 4


def _possible(cells, total):
    """Every value vector the public could infer from the published ``cells``."""
    ranges = []
    for cell in cells:
        if cell.state == SHOWN:
            ranges.append([int(cell.value)])
        elif cell.state == SMALL:
            ranges.append(range(1, THRESHOLD + 1))
        else:
            ranges.append(range(0, total + 1))
    return [combo for combo in itertools.product(*ranges) if sum(combo) == total]


@pytest.mark.parametrize("size", [2, 3, 4])
def test_no_small_cell_is_ever_recoverable(size):
    checked = 0
    for values in itertools.product(range(0, 8), repeat=size):
        total = sum(values)
        cells = [(f"c{i}", f"cell {i}", Decimal(v)) for i, v in enumerate(values)]
        published = masked_breakdown(cells, Decimal(total), THRESHOLD)
        # What is shown is true, and no value from 1 to the threshold is shown.
        for cell, value in zip(published, values, strict=True):
            if cell.state == SHOWN:
                assert cell.value == value and not 0 < value <= THRESHOLD
        worlds = _possible(published, total)
        assert tuple(values) in worlds
        for index, cell in enumerate(published):
            if cell.state != SHOWN:
                assert len({world[index] for world in worlds}) > 1, (values, published)
                checked += 1
    assert checked > 0


@pytest.mark.parametrize(
    ("values", "total", "states"),
    [
        pytest.param((6, 0), 6, [SHOWN, SHOWN], id="with no small cell it is shown whole"),
        pytest.param(
            (3, 7, 0),
            10,
            [WITHHELD, WITHHELD, WITHHELD],
            id="a small cell that could be worked out withholds it whole",
        ),
        pytest.param(
            (2, 10, 3),
            15,
            [SMALL, SHOWN, SMALL],
            id="two small cells that cannot be told apart are shown as small",
        ),
        pytest.param(
            (3, 7), None, [WITHHELD, WITHHELD], id="without a total a small cell withholds it whole"
        ),
    ],
)
def test_a_breakdown_by_sex_is_masked_by_its_small_cells(values, total, states):
    sexes = ("female", "male", "unknown")[: len(values)]
    cells = [(f"sex:{sex}", sex, Decimal(v)) for sex, v in zip(sexes, values, strict=True)]
    published = masked_breakdown(cells, None if total is None else Decimal(total), THRESHOLD)
    assert [c.state for c in published] == states
