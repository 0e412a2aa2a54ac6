"""The staff workspace speaks French to French-speaking staff: the language their browser asks
for, or the language cookie, picks the catalogue for the workspace's own strings (labels, help
texts, actions, messages, the import preview) as well as for Django's."""

import datetime
import html

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import Status, StatusChange

from ..admin_forms import CHANGELIST, action_data, as_posted, change_url, changeform_data, login
from ..conftest import CHAPTERS, SEED
from ..factories import RecommendationFactory, SecretariatFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:recommendations_report_import")


@pytest.fixture(params=["accept-language", "cookie"])
def french_secretariat(request):
    """A secretariat member whose browser asks for French, or who chose it (the cookie)."""
    if request.param == "cookie":
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    else:
        client = Client(headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})
    return login(client, SecretariatFactory(username="coordinatrice"))


@pytest.fixture
def english_secretariat(client):
    return login(client, SecretariatFactory(username="coordinator"))


def text_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def late_stalled_recommendation():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return RecommendationFactory(status=Status.STALLED, target_date=yesterday)


@pytest.mark.parametrize(
    ("page_of", "french", "english"),
    [
        pytest.param(
            lambda rec: CHANGELIST,
            [
                "Espace de travail du personnel TIPT",
                "Exporter cette liste en CSV",
                ">Marquer comme bloquées</option>",
                ">Exporter la sélection en CSV</option>",
                "Par ministère (chef de file ou en appui)",
                "Par retard",
                '<span class="tipt-status tipt-status-stalled">Bloquée</span>',
                '<span class="tipt-overdue">En retard</span>',
                # The admin's search button shares its words with the public search label.
                'value="Rechercher"',
            ],
            ["Export this list as CSV", "Mark as stalled", "TIPT staff workspace"],
            id="recommendation-list",
        ),
        pytest.param(
            change_url,
            [
                "Note sur le changement de statut",
                "Facultatif : la raison du changement de statut.",
                "Notes de preuve (internes tant que le secrétariat ne les publie pas)",
                "Notes de preuve : n'inscrivez jamais de nom",
                "Historique des statuts",
                "Audit champ par champ",
                "Ministère chef de file",
            ],
            ["Note on the status change", "Field-level audit", "Status history"],
            id="recommendation-form",
        ),
    ],
)
def test_the_recommendation_pages_are_in_french(french_secretariat, page_of, french, english):
    rec = late_stalled_recommendation()
    page = text_of(french_secretariat.get(page_of(rec)))
    for words in french:
        assert words in page
    for words in english:
        assert words not in page


def test_a_bulk_status_change_asks_and_answers_in_french(french_secretariat):
    recs = [RecommendationFactory() for _ in range(2)]
    selection = action_data("mark_in_progress", recs)
    page = text_of(french_secretariat.post(CHANGELIST, selection))
    assert "Ces 2 recommandations seront marquées comme « En cours » :" in page
    assert 'value="Oui, changer le statut"' in page

    done = french_secretariat.post(CHANGELIST, {**selection, "apply": "1"}, follow=True)
    assert "2 recommandations marquées comme « En cours »." in text_of(done)
    assert StatusChange.objects.filter(new_status=Status.IN_PROGRESS).count() == 2


def test_a_stale_edit_is_refused_in_french(french_secretariat):
    rec = late_stalled_recommendation()
    data = changeform_data(french_secretariat.get(change_url(rec)))
    services.recommendation_bulk_set_status(
        recommendations=[rec], status=Status.COMPLETED, user=SecretariatFactory()
    )
    data["title_en"] = "Titre modifié entre-temps"
    page = text_of(french_secretariat.post(change_url(rec), data))
    assert "Une autre personne a enregistré cette recommandation après que vous l'avez" in page
    assert "Statut : votre version « Bloquée », version enregistrée « Terminée »" in page
    rec.refresh_from_db()
    assert rec.title != "Titre modifié entre-temps"


def test_the_import_preview_is_in_french(french_secretariat):
    chapter = SEED.read_text(encoding="utf-8")
    form = {"preview": "1", "text": chapter, "year": "2020"}
    page = text_of(french_secretariat.post(IMPORT, form))
    assert "Saint Lucia 2020 : Catégorie 2" in page
    assert "Rien n'est enregistré avant votre confirmation." in page
    assert "Il n'existe aucun rapport antérieur de ce pays auquel faire suite." in page
    assert "Poursuites : 13 points, d'après : investigate, prosecute, convict" in page
    assert "Autres : Poursuites 1." in page
    assert 'value="Confirmer et importer"' in page
    assert "Nothing is saved until you confirm" not in page


def test_the_next_year_s_preview_and_what_follows_its_confirmation_are_in_french(
    french_secretariat, seed_report
):
    chapter = (CHAPTERS / "saint-lucia-2021-web-bullets.txt").read_text(encoding="utf-8")
    page = text_of(french_secretariat.post(IMPORT, {"preview": "1", "text": chapter}))
    assert "Nouveau libellé (2021)" in page
    assert "Elle fait suite au n° 7 de 2020, qui disait" in page
    assert "Son statut, Non commencée, ses ministères et sa date cible sont repris." in page
    assert "Aucune recommandation antérieure : c’est une nouvelle recommandation." in page
    assert "Domaine du n° 1" in page and "Proposition : Protection" in page
    assert "Recommandations de 2020 que le nouveau rapport abandonne" in page
    assert "Aucune recommandation de 2021 ne fait suite à cette recommandation de 2020" in page
    assert 'value="Mettre à jour l’aperçu"' in page
    assert "New wording" not in page and "Update the preview" not in page
    response = french_secretariat.post(IMPORT, {**as_posted(page), "confirm": "1"}, follow=True)
    listing = text_of(response)
    assert "Ensuite : donnez aux recommandations ci-dessous leur ministère" in listing
    assert "1 recommandation de 2020 ne figure pas dans le nouveau rapport : #9" in listing


def test_without_a_french_preference_the_workspace_stays_in_english(english_secretariat):
    rec = late_stalled_recommendation()
    listing = text_of(english_secretariat.get(CHANGELIST))
    assert "Export this list as CSV" in listing and "Exporter cette liste" not in listing
    form = text_of(english_secretariat.get(change_url(rec)))
    assert "Field-level audit" in form and "Audit champ par champ" not in form


def test_the_public_pages_still_take_their_language_from_their_address(french_secretariat):
    public_list = reverse("recommendations:list")
    english = french_secretariat.get(public_list).content.decode()
    assert '<html lang="en">' in english
    french = french_secretariat.get(f"/fr{public_list}").content.decode()
    assert '<html lang="fr">' in french
