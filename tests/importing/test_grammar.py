"""Grammar: which sentences read as recommendations (imperative sentences)."""

import pytest

from recommendations.importing.grammar import looks_imperative


@pytest.mark.parametrize(
    "sentence, imperative",
    [
        ("Increase efforts to identify victims.", True),
        ("Proactively and systematically identify victims.", True),
        ("In partnership with NGOs, develop a victim referral mechanism.", True),
        ("While respecting due process, investigate and prosecute traffickers.", True),
        ("Support for victims was limited.", False),
        ("Increasing investigations and prosecutions.", False),
        ("Adopted a new national action plan.", False),
        ("The government increased law enforcement efforts.", False),
        ("In 2019, the government adopted a plan.", False),
        ("Only two victims were identified.", False),
        ("increase efforts to identify victims.", False),
        ("Do not penalize victims for unlawful acts traffickers compelled them to commit.", True),
        ("Do you know the signs?", False),
    ],
)
def test_imperative_sentences(sentence, imperative):
    assert looks_imperative(sentence) is imperative
