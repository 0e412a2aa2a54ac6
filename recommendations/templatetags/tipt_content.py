"""Content with a French version (recommendations/translation.py) on the public pages."""

from django import template

from .. import translation

register = template.Library()


@register.filter
def content(obj, field: str):
    """``{{ rec|content:"title" }}``: the field in the page's language, the English marked
    ``lang="en"`` on a French page where no French version was entered."""
    return translation.marked(obj, field)
