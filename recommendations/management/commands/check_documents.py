"""Check the evidence documents' store against the database, after a restore, a move to an
object store, or any time: every document's file must be there with its recorded size. Files
that no document names (left by a restore of an older database, or an interrupted upload) are
listed, and removed with ``--remove-orphans``. Exits with an error when a file is missing.

    manage.py check_documents
    manage.py check_documents --remove-orphans --dry-run
"""

from django.core.management.base import BaseCommand, CommandError

from recommendations.models import EvidenceDocument
from recommendations.models.documents import evidence_storage

FOLDER = "evidence"


class Command(BaseCommand):
    help = (
        "Check that the store holds every evidence document's file with its size; list (or "
        "remove) the files no document names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove-orphans", action="store_true", help="Remove the files no document names."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be removed, remove nothing."
        )

    def handle(self, *args, remove_orphans, dry_run, **options):
        storage = evidence_storage()
        documents = EvidenceDocument.objects.order_by("pk").values_list("pk", "file", "size")
        missing, named = [], set()
        for pk, name, size in documents.iterator():
            named.add(name)
            if not storage.exists(name):
                missing.append(f"document {pk}: {name} is missing")
            elif storage.size(name) != size:
                missing.append(f"document {pk}: {name} is {storage.size(name)} bytes, not {size}")
        stored = sorted(f"{FOLDER}/{name}" for name in _files(storage))
        orphans = [name for name in stored if name not in named]
        for line in missing:
            self.stderr.write(self.style.ERROR(line))
        for name in orphans:
            if remove_orphans and not dry_run:
                storage.delete(name)
                self.stdout.write(f"removed {name}, which no document names")
            else:
                self.stdout.write(f"{name} is named by no document")
        self.stdout.write(
            f"{len(named) - len(missing)} of {len(named)} documents present, "
            f"{len(orphans)} files named by no document."
        )
        if missing:
            raise CommandError(f"{len(missing)} documents' files are missing or incomplete.")


def _files(storage) -> list[str]:
    try:
        return storage.listdir(FOLDER)[1]
    except FileNotFoundError:  # nothing uploaded yet to a private folder
        return []
