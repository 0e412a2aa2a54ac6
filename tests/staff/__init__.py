"""The staff workspace: its pages, permissions, imports, conflicts, accounts and reminders."""
