import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from recommendations.models import Country, Recommendation, Report, StatusChange

from ..conftest import CHAPTERS, SEED_RECOMMENDATIONS

pytestmark = pytest.mark.django_db

# The keys of the command's JSON, after a dry run and after an import alike.
JSON_KEYS = {"country", "year", "tier", "recommendations", "warnings", "dropped", "figures"}


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_tip_report", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_seed_chapter_gives_saint_lucia_tier_2_and_nine_recommendations(seed_path):
    out, _err = run(seed_path, "--year", 2020)
    report = Report.objects.get()
    assert (report.country.name, report.year, report.tier) == ("Saint Lucia", 2020, "Tier 2")
    texts = list(report.recommendations.order_by("position").values_list("text", flat=True))
    assert texts == SEED_RECOMMENDATIONS
    assert list(report.recommendations.values_list("position", flat=True).order_by("position")) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
    ]
    assert "9 recommendations" in out
    # The narrative after the recommendations is kept with the report, not turned into one.
    assert "The government increased law enforcement efforts." in report.source_text
    assert "does not fully meet the minimum standards" in report.summary


def test_titles_are_short_labels_from_the_text(seed_report):
    for rec in seed_report.recommendations.all():
        assert 0 < len(rec.title) <= 80
        assert rec.text.startswith(rec.title.rstrip("…"))


def test_areas_follow_the_wording(seed_report):
    areas = dict(seed_report.recommendations.values_list("position", "area"))
    assert areas[2] == "prosecution"  # investigate, prosecute, convict
    assert areas[4] == "prosecution"  # court backlog
    assert areas[5] == "prevention"  # national action plan
    assert areas[8] == "prevention"  # labor recruitment, inspectors
    assert areas[9] == "protection"  # residency for victims


def test_importing_again_changes_nothing_and_says_so(seed_path):
    run(seed_path, "--year", 2020)
    before = list(Recommendation.objects.values_list("pk", "text", "updated_at"))
    out, _err = run(seed_path, "--year", 2020)
    assert "already imported" in out and "nothing was changed" in out
    assert list(Recommendation.objects.values_list("pk", "text", "updated_at")) == before
    assert Report.objects.count() == 1 and Country.objects.count() == 1


def test_dry_run_json_writes_nothing_and_has_the_stable_shape(seed_path):
    out, _err = run(seed_path, "--year", 2020, "--dry-run", "--json")
    data = json.loads(out)
    assert set(data) == JSON_KEYS
    assert (data["country"], data["year"], data["tier"]) == ("Saint Lucia", 2020, "Tier 2")
    assert [r["text"] for r in data["recommendations"]] == SEED_RECOMMENDATIONS
    first = data["recommendations"][0]
    assert set(first) == {"position", "text", "area", "previous"}
    assert first["position"] == 1 and first["previous"] is None
    assert data["warnings"] == [] and data["dropped"] == []
    assert not Report.objects.exists() and not Country.objects.exists()


def test_dry_run_json_shows_the_predecessor_with_its_score(seed_path, tmp_path):
    run(seed_path, "--year", 2020)
    later = tmp_path / "2021.txt"
    later.write_text(
        "SAINT LUCIA: Tier 2\n\nThe Government of Saint Lucia does not fully meet the minimum "
        "standards for the elimination of trafficking but is making significant efforts to do "
        "so.\n\nPRIORITIZED RECOMMENDATIONS:\n\nDevelop a national action plan for 2021 and "
        "onwards.\n\nEstablish a trafficking victims' fund.\n\nPROSECUTION\n\nThe government "
        "maintained efforts.\n",
        encoding="utf-8",
    )
    data = json.loads(run(later, "--year", 2021, "--dry-run", "--json")[0])
    first, second = data["recommendations"]
    assert first["previous"]["year"] == 2020 and first["previous"]["position"] == 5
    assert 0 < first["previous"]["score"] <= 1
    assert second["previous"] is None


def test_carried_over_recommendation_inherits_status_recorded_as_a_carry_over(
    seed_report, tmp_path
):
    old = seed_report.recommendations.get(position=5)
    old.status = "in_progress"
    old.save()
    later = tmp_path / "2021.txt"
    later.write_text(
        "Saint Lucia (Tier 2)\n\nThe Government of Saint Lucia does not fully meet the minimum "
        "standards for the elimination of trafficking.\n\nPrioritized Recommendations\n\n"
        "Develop a national action plan for 2021 and onwards.\n\nPROSECUTION\n\nThe government "
        "maintained efforts.\n"
    )
    run(later, "--year", 2021)
    new = Recommendation.objects.get(report__year=2021)
    assert new.previous == old and new.status == "in_progress"
    assert new.lead_ministry_id == old.lead_ministry_id
    assert (new.carry_over.from_year, new.carry_over.from_position) == (2020, 5)
    assert new.carry_over.status == "in_progress"
    # Nobody changed the status: no history row, nothing for the feed.
    assert not StatusChange.objects.filter(recommendation=new).exists()


def test_missing_year_is_a_clear_error(seed_path):
    with pytest.raises(CommandError, match="--year"):
        run(seed_path)
    assert not Report.objects.exists()


def test_year_found_in_the_text_is_used(tmp_path, seed_path):
    chapter = tmp_path / "c.txt"
    chapter.write_text(
        "2020 Trafficking in Persons Report: Saint Lucia\n\n" + seed_path.read_text()
    )
    run(chapter)
    assert Report.objects.get().year == 2020


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not text"),
        (
            b"SAINT LUCIA: Tier 2\n\nThe Government of Saint Lucia does not fully meet the "
            b"minimum standards.\n\nThe government increased efforts.\n",
            "No prioritized recommendations",
        ),
        (
            b"The Government of Saint Lucia does not fully meet the minimum standards for the "
            b"elimination of trafficking.\n\nIncrease efforts to identify victims.\n",
            "tier",
        ),
    ],
)
def test_bad_input_is_one_clear_error_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "chapter.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path, "--year", 2020)
    assert not Report.objects.exists() and not Country.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "nope.txt", "--year", 2020)


def test_a_file_over_2_mb_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Increase efforts. " * (2 * 1024 * 1024 // 18 + 1))
    with pytest.raises(CommandError, match="over 2 MB"):
        run(path, "--year", 2020)
    assert not Report.objects.exists()


def test_a_year_that_is_no_report_year_is_refused(seed_path):
    with pytest.raises(CommandError, match="not a report year"):
        run(seed_path, "--year", 1999)


@pytest.mark.parametrize("spelling", ["St. Lucia", "SAINT LUCIA", "saint-lucia", "St Lucia"])
def test_a_country_spelled_differently_is_the_same_country(seed_report, tmp_path, spelling):
    later = tmp_path / "2021.txt"
    later.write_text(
        (CHAPTERS / "saint-lucia-2021-web-bullets.txt")
        .read_text(encoding="utf-8")
        .replace("SAINT LUCIA: Tier 2", f"{spelling}: Tier 2"),
        encoding="utf-8",
    )
    run(later)
    assert Country.objects.count() == 1
    assert list(Report.objects.order_by("year").values_list("year", flat=True)) == [2020, 2021]
    assert Recommendation.objects.get(report__year=2021, position=6).previous.position == 5


def test_a_country_given_that_differs_from_the_text_is_a_warning(seed_path):
    data = json.loads(
        run(seed_path, "--year", 2020, "--country", "Barbados", "--dry-run", "--json")[0]
    )
    assert data["country"] == "Barbados"
    assert data["warnings"] == ["The text names Saint Lucia, but the import is for Barbados."]


def test_json_after_a_real_import_has_the_same_shape(seed_path):
    data = json.loads(run(seed_path, "--year", 2020, "--json")[0])
    assert set(data) == JSON_KEYS
    assert Report.objects.get().recommendations.count() == len(data["recommendations"]) == 9


def test_a_dry_run_shows_every_layout_s_predecessors_with_scores(seed_path):
    run(seed_path, "--year", 2020)
    out, _err = run(CHAPTERS / "saint-lucia-2021-web-bullets.txt", "--dry-run")
    assert "Saint Lucia 2021: Tier 2" in out
    assert (
        "6. [prevention] Develop and implement a NAP for 2021 and onwards. (follows 2020 #5" in out
    )
    assert "Dry run: nothing was written." in out
    assert not Report.objects.filter(year=2021).exists()


def test_a_cut_short_chapter_imports_its_complete_recommendations_and_warns(tmp_path):
    out, err = run(CHAPTERS / "jamaica-excerpt-truncated.txt")
    assert "Imported Jamaica 2022 (Tier 2) with 3 recommendations" in out
    assert "ends in the middle of a recommendation" in err
    assert Report.objects.get().recommendations.count() == 3


def test_a_dry_run_counts_and_lists_the_earlier_recommendations_the_new_report_drops(seed_report):
    out, _err = run(CHAPTERS / "saint-lucia-2021-web-bullets.txt", "--dry-run")
    assert "1 recommendation of 2020 is dropped (no new one follows it)." in out
    assert "  2020 #9: Provide legal mechanisms for victims to work" in out
    data = json.loads(run(CHAPTERS / "saint-lucia-2021-web-bullets.txt", "--dry-run", "--json")[0])
    assert data["dropped"] == [
        {"year": 2020, "position": 9, "title": seed_report.recommendations.get(position=9).title}
    ]
    assert not Report.objects.filter(year=2021).exists()


def test_a_dry_run_without_an_earlier_report_says_nothing_of_dropped_ones(seed_path):
    out, _err = run(seed_path, "--year", 2020, "--dry-run")
    assert "dropped" not in out


FRAGMENT_ONLY = (
    "2021 Trafficking in Persons Report: Grenada\n\nGRENADA: Tier 2\n\nThe Government of Grenada "
    "does not fully meet the minimum standards for the elimination of trafficking but is making "
    "significant efforts to do so.\n\nPRIORITIZED RECOMMENDATIONS:\n\n"
    "• Increase efforts to identify victims among migrant"
)
FRAGMENT_WARNING = (
    "The text ends in the middle of a recommendation, which was left out: "
    '"Increase efforts to identify victims among migrant"'
)


def test_a_dry_run_with_only_a_cut_short_recommendation_reports_the_tier_and_the_fragment(
    tmp_path,
):
    path = tmp_path / "grenada.txt"
    path.write_text(FRAGMENT_ONLY, encoding="utf-8")
    data = json.loads(run(path, "--dry-run", "--json")[0])
    assert (data["country"], data["year"], data["tier"]) == ("Grenada", 2021, "Tier 2")
    assert data["recommendations"] == []
    assert data["warnings"] == [FRAGMENT_WARNING]
    assert not Report.objects.exists()


def test_a_real_import_with_only_a_cut_short_recommendation_is_refused_in_one_line(tmp_path):
    path = tmp_path / "grenada.txt"
    path.write_text(FRAGMENT_ONLY, encoding="utf-8")
    for args in ((), ("--json",)):
        with pytest.raises(CommandError) as refused:
            run(path, *args)
        assert str(refused.value) == "No prioritized recommendations were found in the text."
    assert not Report.objects.exists() and not Country.objects.exists()
