"""Reads that are not chainable QuerySet methods: what a page or a mail shows that takes more
than one query to say (the public updates, the dashboard's tallies, the audit trail, the
reminders' content). One module per subject; none of them writes."""
