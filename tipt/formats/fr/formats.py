"""French: day first (31 mars 2027, 31/03/2027), without Django's two-digit years."""

from tipt.formats import DAY_FIRST_INPUT_FORMATS

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = DAY_FIRST_INPUT_FORMATS
