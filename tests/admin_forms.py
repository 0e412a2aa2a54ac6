"""Building admin form posts from the page a person would have in front of them."""

import datetime

from django.forms import MultiWidget
from django_otp.oath import totp

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def login(client, user):
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def authenticator_code(device):
    """The code a TOTP device's authenticator app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def _put(data, key, value):
    if value is None:
        data[key] = ""
    elif isinstance(value, bool):
        if value:
            data[key] = "on"
    elif isinstance(value, list | tuple):
        data[key] = [str(v) for v in value]
    elif isinstance(value, datetime.date):
        data[key] = value.isoformat()
    else:
        data[key] = str(value)


def _put_field(data, form, name):
    bound = form[name]
    if isinstance(bound.field.widget, MultiWidget):
        for index, part in enumerate(bound.field.widget.decompress(bound.value())):
            _put(data, f"{bound.html_name}_{index}", part)
    else:
        _put(data, bound.html_name, bound.value())


def changeform_data(response) -> dict:
    """The POST data of an admin change form exactly as the GET ``response`` showed it."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put_field(data, form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            _put(data, management.add_prefix(name), management[name].value())
        for subform in formset.initial_forms:
            for name in subform.fields:
                _put_field(data, subform, name)
    return data


def add_inline_form(data, prefix, **fields) -> dict:
    """Append one new inline form (e.g. an evidence note) to ``data``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        _put(data, f"{prefix}-{index}-{name}", value)
    return data
