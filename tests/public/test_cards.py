"""The cards of the public pages: each a region named by its own heading."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source, **context):
    return Template("{% load i18n tipt_public %}" + source).render(Context(context))


def test_a_card_is_a_section_labelled_by_its_heading():
    html = render('{% card "status" _("By status") "panel" %}<p>Bar</p>{% endcard %}')
    assert html == (
        '<section class="card panel" aria-labelledby="status-title">\n'
        '<h2 id="status-title">By status</h2><p>Bar</p></section>'
    )


def test_a_card_escapes_a_plain_heading_and_keeps_a_translated_one():
    html = render("{% card name heading %}{% endcard %}", name="area", heading="A & <b>")
    assert '<section class="card" aria-labelledby="area-title">' in html
    assert '<h2 id="area-title">A &amp; &lt;b&gt;</h2>' in html
    html = render(
        "{% blocktranslate asvar heading %}The {{ year }} recommendations{% endblocktranslate %}"
        '{% card "recommendations" heading %}{% endcard %}',
        year=2020,
    )
    assert '<h2 id="recommendations-title">The 2020 recommendations</h2>' in html


def test_a_card_needs_a_name_and_a_heading():
    with pytest.raises(TemplateSyntaxError, match="takes a name, a heading"):
        render('{% card "status" %}{% endcard %}')
