"""The staff workspace: the Django admin for reports, recommendations, ministries, evidence and
staff accounts, one module per area, the forms beside the admin that uses them.

Who sees and changes what is decided in recommendations/roles.py and enforced here (querysets,
fields, permissions, actions) and again in the services every save goes through.

Importing this package registers every admin: Django's autodiscover imports it.
"""

from . import accounts, evidence, history, recommendations, reference, reports, submission

__all__ = [
    "accounts",
    "evidence",
    "history",
    "recommendations",
    "reference",
    "reports",
    "submission",
]
