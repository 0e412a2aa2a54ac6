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


def test_a_breakdown_with_no_small_cell_is_shown_whole():
    cells = [("sex:female", "female", Decimal(6)), ("sex:male", "male", Decimal(0))]
    assert [c.state for c in masked_breakdown(cells, Decimal(6), THRESHOLD)] == [SHOWN, SHOWN]


def test_a_small_cell_that_could_be_worked_out_withholds_the_whole_breakdown():
    cells = [
        ("sex:female", "female", Decimal(3)),
        ("sex:male", "male", Decimal(7)),
        ("sex:unknown", "unknown", Decimal(0)),
    ]
    published = masked_breakdown(cells, Decimal(10), THRESHOLD)
    assert [c.state for c in published] == [WITHHELD, WITHHELD, WITHHELD]


def test_two_small_cells_that_cannot_be_told_apart_are_shown_as_small():
    cells = [
        ("sex:female", "female", Decimal(2)),
        ("sex:male", "male", Decimal(10)),
        ("sex:unknown", "unknown", Decimal(3)),
    ]
    published = masked_breakdown(cells, Decimal(15), THRESHOLD)
    assert [c.state for c in published] == [SMALL, SHOWN, SMALL]


def test_without_a_total_a_breakdown_with_a_small_cell_is_withheld():
    cells = [("sex:female", "female", Decimal(3)), ("sex:male", "male", Decimal(7))]
    assert {c.state for c in masked_breakdown(cells, None, THRESHOLD)} == {WITHHELD}
