"""Error reports without posted data, and suspicious requests logged in one line."""

import logging

from django.views.debug import SafeExceptionReporterFilter


class NoPostDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Staff post evidence that may touch on victims: an error report must never carry it."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)


class WithoutTraceback(logging.Filter):
    """A refused request (a foreign Host header, a forged signature) is the client's doing, not a
    fault in TIPT: log its one-line reason and not the traceback, since scanners send such
    requests all day."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True
