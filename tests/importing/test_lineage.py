"""Following a recommendation from one year's wording to the next (pure matching)."""

import pytest

from recommendations.importing import parse_chapter
from recommendations.importing.lineage import (
    MATCH_THRESHOLD,
    _assign,
    concepts,
    match_recommendations,
    similarity,
)

from ..conftest import CHAPTERS, SEED_RECOMMENDATIONS


def chapter_texts(name):
    return [r.text for r in parse_chapter((CHAPTERS / name).read_bytes()).recommendations]


def pairs(new, old):
    """{new position: old position} of the matches, 1-based like the report."""
    return {m.new_index + 1: m.old_index + 1 for m in match_recommendations(new, old)}


def test_2021_follows_2020_through_rewording_reordering_a_new_and_a_dropped_one():
    y2021 = chapter_texts("saint-lucia-2021-web-bullets.txt")
    assert pairs(y2021, SEED_RECOMMENDATIONS) == {
        1: 1,  # identify and screen, with an added "especially children..." clause
        2: 2,  # the same words
        3: 3,  # fines in lieu of imprisonment -> penalties that exclude the option of a fine
        4: 6,  # standard operating procedures -> SOPs, moved up the list
        5: 4,  # court backlog, with an added trailing clause
        6: 5,  # national action plan for 2020 -> NAP for 2021
        7: 7,  # train law enforcement, shortened
        # 8: a dedicated fund for victim services is new and follows nothing
        9: 8,  # labor recruitment and inspectors
    }
    # 2020 #9 (residency for victims) was dropped: nothing follows it.
    assert 9 not in pairs(y2021, SEED_RECOMMENDATIONS).values()


def test_2022_follows_2021_and_the_chain_runs_across_three_years():
    y2021 = chapter_texts("saint-lucia-2021-web-bullets.txt")
    y2022 = chapter_texts("saint-lucia-2022-star-bullets.txt")
    later = pairs(y2022, y2021)
    assert later == {
        1: 1,  # "Continue to increase efforts to identify ..."
        2: 2,  # an added "including complicit officials"
        3: 3,  # the same aim once the fine is gone: penalties commensurate with rape
        4: 6,  # NAP -> "national action plan for 2023 and onwards"
        5: 4,  # SOPs -> "standard operating procedures"
        6: 5,  # court backlog, the trailing clause dropped again
        # 7: legal alternatives to removal is new
        8: 9,  # labor recruitment policies
    }
    earlier = pairs(y2021, SEED_RECOMMENDATIONS)
    # 2022 #4 -> 2021 #6 -> 2020 #5: the national action plan over three years.
    assert earlier[later[4]] == 5
    # 2022 #5 -> 2021 #4 -> 2020 #6: the SOPs.
    assert earlier[later[5]] == 6
    # 2022 #3 -> 2021 #3 -> 2020 #3: the fine in lieu of imprisonment.
    assert earlier[later[3]] == 3


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "Formally approve and implement standard operating procedures for victim "
            "identification and referral.",
            "Formally approve and implement SOPs for victim identification and referral.",
        ),
        (
            "Develop and implement a NAP for 2021 and onwards.",
            "Develop, adopt, and fund a new national action plan for 2023 and onwards.",
        ),
        (
            "Develop a national action plan for 2020 and onwards.",
            "Develop a national action plan for 2023 and onwards.",
        ),
        (
            "Approve the amendment to the anti-trafficking law to remove sentencing provisions "
            "that allow fines in lieu of imprisonment for sex trafficking offenses.",
            "Enact and enforce penalties for trafficking that exclude the option of a fine.",
        ),
        (
            "Reduce court backlog and pretrial detention delays affecting trafficking cases.",
            "Reduce court backlog and pretrial detention delays affecting trafficking cases, "
            "including by increasing resources for the judiciary.",
        ),
        (
            "Train law enforcement officials to gather evidence of trafficking cases.",
            "Continue to train law enforcement officials to gather evidence of trafficking cases.",
        ),
    ],
)
def test_each_rewording_is_matched_among_the_other_recommendations(old, new):
    others = [t for t in SEED_RECOMMENDATIONS if similarity(t, old) < 1]
    old_list = [*others[:3], old, *others[3:]]
    matches = match_recommendations([new], old_list)
    assert [(m.old_index, m.new_index) for m in matches] == [(3, 0)]
    assert MATCH_THRESHOLD <= matches[0].score <= 1


def test_abbreviations_and_years_do_not_change_the_concepts():
    assert concepts("Develop a NAP for 2021 and onwards.") == concepts(
        "Develop a national action plan for 2024 and onwards."
    )
    assert concepts("Approve the SOPs.") == concepts("Approve the standard operating procedures.")
    # Police work is not legislation.
    assert concepts("Train law enforcement officials.").isdisjoint(concepts("Amend the law."))


def test_a_genuinely_new_recommendation_stays_unlinked():
    new = ["Accede to the 2000 UN TIP Protocol.", *SEED_RECOMMENDATIONS[:3]]
    assert pairs(new, SEED_RECOMMENDATIONS) == {2: 1, 3: 2, 4: 3}


def test_each_earlier_recommendation_is_matched_at_most_once():
    repeated = [SEED_RECOMMENDATIONS[4], SEED_RECOMMENDATIONS[4], SEED_RECOMMENDATIONS[4]]
    matches = match_recommendations(repeated, SEED_RECOMMENDATIONS)
    assert [m.old_index for m in matches] == [4]


def test_a_reversed_list_is_matched_in_reverse():
    reversed_list = list(reversed(SEED_RECOMMENDATIONS))
    n = len(SEED_RECOMMENDATIONS)
    assert pairs(reversed_list, SEED_RECOMMENDATIONS) == {i: n + 1 - i for i in range(1, n + 1)}


def test_identical_lists_keep_their_order_even_with_duplicates():
    texts = ["Reduce court backlog.", "Reduce court backlog.", "Train judges on trafficking."]
    assert pairs(texts, texts) == {1: 1, 2: 2, 3: 3}


def test_the_assignment_is_optimal_where_taking_the_best_pair_first_is_not():
    # Taking the best pair first (0-0, 0.8) leaves row 1 with nothing; the optimum is 0-1 and 1-0.
    weights = [[0.8, 0.75], [0.78, 0.0]]
    assert sorted(_assign(weights)) == [(0, 1), (1, 0)]
    # More rows than columns, and more columns than rows.
    assert sorted(_assign([[0.9], [0.95], [0.1]])) == [(1, 0)]
    assert sorted(_assign([[0.1, 0.9, 0.95]])) == [(0, 2)]


def test_nothing_to_match_gives_no_pairs():
    assert match_recommendations([], SEED_RECOMMENDATIONS) == []
    assert match_recommendations(SEED_RECOMMENDATIONS, []) == []
