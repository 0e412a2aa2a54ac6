"""Sentences: where a sentence ends, abbreviations and run-together periods included."""

import pytest

from recommendations.importing.sentences import split_sentences


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        (
            "Work with the U.S. Department of Labor on audits. Increase efforts to identify "
            "victims.",
            [
                "Work with the U.S. Department of Labor on audits.",
                "Increase efforts to identify victims.",
            ],
        ),
        (
            "Fund NGOs, e.g. Women Against Rape, for shelters.Train police under Act No. 7 "
            "of 2010.",
            [
                "Fund NGOs, e.g. Women Against Rape, for shelters.",
                "Train police under Act No. 7 of 2010.",
            ],
        ),
        (
            "Seek funding from the U.S. Increase efforts to identify victims, i.e. Cuban workers.",
            [
                "Seek funding from the U.S.",
                "Increase efforts to identify victims, i.e. Cuban workers.",
            ],
        ),
        (
            "Train officials on SOPs; and update the NAP. Reduce delays.",
            ["Train officials on SOPs; and update the NAP.", "Reduce delays."],
        ),
        (
            "Screen migrants, children, etc. Provide shelter.",
            ["Screen migrants, children, etc.", "Provide shelter."],
        ),
    ],
)
def test_abbreviations_do_not_split_a_recommendation(paragraph, expected):
    assert split_sentences(paragraph) == expected
