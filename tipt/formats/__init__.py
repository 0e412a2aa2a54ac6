"""The site's own date formats, one module per language (FORMAT_MODULE_PATH in settings.py).

Both languages read and write dates day first, as the task force writes them: ``31/03/2027``
(or ``31/3/2027``), and ISO ``2027-03-31``. A typed date is never read month first. The first
input format is the one date fields show and name beside themselves
(recommendations/admin/dates.py).
"""

DAY_FIRST_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
