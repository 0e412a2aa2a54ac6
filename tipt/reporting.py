"""Error reports without posted data."""

from django.views.debug import SafeExceptionReporterFilter


class NoPostDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Staff post evidence that may touch on victims: an error report must never carry it."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)
