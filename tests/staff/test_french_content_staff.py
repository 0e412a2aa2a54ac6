"""Content in French in the staff workspace: where staff enter it, who may, what still lacks
it, and the import, which writes English and never blanks a French version."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from recommendations import services
from recommendations.importing import parse_chapter, report_import, report_import_plan
from recommendations.models import Country, EvidenceNote, Metric, Recommendation, Visibility

from ..admin_forms import (
    change_posted,
    change_url,
    login,
    note_url,
    shown_and_posted,
)
from ..conftest import SEED
from ..factories import (
    EditorFactory,
    EvidenceNoteFactory,
    MinistryFactory,
    RecommendationFactory,
    SecretariatFactory,
    evidence_note_resaved,
)

pytestmark = pytest.mark.django_db


def changelist(model: str) -> str:
    return reverse(f"admin:recommendations_{model}_changelist")


def in_french(user):
    """A client signed in as ``user``, whose browser asks for French."""
    return login(Client(headers={"accept-language": "fr"}), user)


def test_the_secretariat_lists_what_lacks_french_with_links_to_edit(client, secretariat):
    done = RecommendationFactory(title="Translated one", title_fr="Traduite", text_fr="Texte")
    half = RecommendationFactory(title="Half translated", title_fr="À moitié")
    todo = RecommendationFactory(title="Not translated")
    login(client, secretariat)
    page = client.get(changelist("recommendation"), {"french": "missing"}).content.decode()
    assert f'href="{change_url(todo)}' in page and f'href="{change_url(half)}' in page
    assert f'href="{change_url(done)}' not in page
    entered = client.get(changelist("recommendation"), {"french": "entered"}).content.decode()
    assert f'href="{change_url(done)}' in entered and f'href="{change_url(todo)}' not in entered


def test_missing_french_notes_are_the_published_ones_only(client, secretariat):
    published = EvidenceNoteFactory(visibility=Visibility.PUBLIC, text="Training held")
    internal = EvidenceNoteFactory(text="Internal detail")
    translated = EvidenceNoteFactory(visibility=Visibility.PUBLIC, text_fr="Formation tenue")
    login(client, secretariat)
    page = client.get(changelist("evidencenote"), {"french": "missing"}).content.decode()
    assert f'href="{note_url(published)}' in page
    assert f'href="{note_url(internal)}' not in page
    assert f'href="{note_url(translated)}' not in page


@pytest.mark.parametrize(
    ("model", "translate"),
    [
        ("country", lambda equity: equity.country),
        ("ministry", lambda equity: equity),
        ("metric", lambda equity: Metric.objects.get(code="investigations")),
    ],
)
def test_names_lacking_french_are_listed(client, secretariat, model, translate):
    equity = MinistryFactory(name="Ministry of Equity")
    MinistryFactory(name="Department of Labour")
    translated = translate(equity)
    translated.name_fr = "En français"
    translated.save()
    login(client, secretariat)
    response = client.get(changelist(model), {"french": "missing"})
    listed = set(response.context["cl"].result_list)
    assert translated not in listed
    assert listed == set(type(translated).objects.exclude(pk=translated.pk))


def test_the_secretariat_enters_french_beside_the_english(client, secretariat):
    rec = RecommendationFactory(title="Fund shelters", text="Fund the shelters.")
    login(client, secretariat)
    shown, response = shown_and_posted(
        client, change_url(rec), title_fr="Financer les refuges", text_fr="Financer les refuges."
    )
    assert shown["title_en"] == "Fund shelters" and shown["title_fr"] == ""
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.title_en, rec.title_fr) == ("Fund shelters", "Financer les refuges")
    assert (rec.text_en, rec.text_fr) == ("Fund the shelters.", "Financer les refuges.")


def test_working_in_french_the_english_field_holds_the_english(secretariat):
    rec = RecommendationFactory(title="Fund shelters", title_fr="Financer les refuges")
    client = in_french(secretariat)
    shown, response = shown_and_posted(client, change_url(rec), title_en="Fund the shelters")
    assert (shown["title_en"], shown["title_fr"]) == ("Fund shelters", "Financer les refuges")
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.title_en, rec.title_fr) == ("Fund the shelters", "Financer les refuges")
    # The original column (read by joins such as lead_ministry__name) holds the English too.
    assert (
        Recommendation.objects.rewrite(False).filter(pk=rec.pk, title="Fund the shelters").exists()
    )


def test_an_editor_enters_a_french_title_on_their_ministry_s_recommendation(client, ministry):
    editor = EditorFactory(ministries=[ministry])
    rec = RecommendationFactory(lead_ministry=ministry)
    login(client, editor)
    assert change_posted(client, change_url(rec), title_fr="Mon titre").status_code == 302
    rec.refresh_from_db()
    assert rec.title_fr == "Mon titre"


def test_an_editor_may_not_enter_french_where_they_may_not_edit_the_english(ministry):
    editor = EditorFactory(ministries=[ministry])
    mine = RecommendationFactory(lead_ministry=ministry)
    # The text is the secretariat's, in either language.
    with pytest.raises(PermissionDenied):
        services.recommendation_update(
            recommendation=mine, version=mine.version, user=editor, changes={"text_fr": "Texte"}
        )
    # Another ministry's recommendation, not even its title.
    theirs = RecommendationFactory()
    with pytest.raises(PermissionDenied):
        services.recommendation_update(
            recommendation=theirs, version=theirs.version, user=editor, changes={"title_fr": "T"}
        )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.text_fr is None and theirs.title_fr is None


def test_a_published_note_s_french_version_is_entered_on_its_page(client, secretariat):
    note = EvidenceNoteFactory(visibility=Visibility.PUBLIC, text="Training held")
    login(client, secretariat)
    shown, response = shown_and_posted(client, note_url(note), text_fr="Formation tenue")
    assert shown["text"] == "Training held"
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.text_en, note.text_fr) == ("Training held", "Formation tenue")


def test_correcting_a_note_s_english_keeps_its_french(secretariat):
    note = EvidenceNoteFactory(
        visibility=Visibility.PUBLIC, text="Training held", text_fr="Formation tenue"
    )
    client = in_french(secretariat)
    shown, response = shown_and_posted(client, note_url(note), text="Training held for 12 officers")
    assert (shown["text"], shown["text_fr"]) == ("Training held", "Formation tenue")
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.text_en, note.text_fr) == ("Training held for 12 officers", "Formation tenue")


def test_an_editor_may_not_translate_a_published_note(client, ministry):
    editor = EditorFactory(ministries=[ministry])
    note = EvidenceNoteFactory(
        recommendation=RecommendationFactory(lead_ministry=ministry),
        author=editor,
        visibility=Visibility.PUBLIC,
    )
    with pytest.raises(PermissionDenied):
        evidence_note_resaved(note, user=editor, text_fr="Traduit")
    assert EvidenceNote.objects.get(pk=note.pk).text_fr is None


def _import(*, replace=False):
    chapter = parse_chapter(SEED.read_bytes(), year=2020)
    return report_import(plan=report_import_plan(chapter=chapter, replace=replace))


def test_an_import_by_staff_working_in_french_writes_english():
    with translation.override("fr"):
        report = _import().report
    rec = report.recommendations.get(position=1)
    assert rec.title_en and rec.text_en and rec.title_fr is None and rec.text_fr is None
    assert Country.objects.get().name_en == "Saint Lucia"
    assert Recommendation.objects.rewrite(False).filter(pk=rec.pk, title=rec.title_en).exists()


def test_replacing_an_import_keeps_the_french_versions(tmp_path):
    report = _import().report
    rec = report.recommendations.get(position=1)
    rec.title_fr, rec.text_fr = "Titre traduit", "Texte traduit"
    rec.save()
    report.country.name_fr = "Sainte-Lucie"
    report.country.save()
    path = tmp_path / "chapter.txt"
    path.write_bytes(SEED.read_bytes())
    out = StringIO()
    with translation.override("fr"):
        call_command("import_tip_report", str(path), "--year", "2020", "--replace", stdout=out)
    rec.refresh_from_db()
    assert (rec.title_fr, rec.text_fr) == ("Titre traduit", "Texte traduit")
    assert Country.objects.get().name_fr == "Sainte-Lucie"


def test_the_audit_log_never_copies_a_note_s_text_in_either_language(secretariat):
    from auditlog.models import LogEntry

    note = EvidenceNoteFactory(text="Victim detail", text_fr="Détail sur une victime")
    services.evidence_note_update(
        note=note,
        user=SecretariatFactory(),
        version=note.version,
        happened_on=note.happened_on,
        text="Corrected",
        link="",
        visibility=Visibility.INTERNAL,
        text_fr="Corrigé",
    )
    logged = " ".join(str(entry.changes) for entry in LogEntry.objects.all())
    assert "Victim" not in logged and "victime" not in logged and "Corrig" not in logged
