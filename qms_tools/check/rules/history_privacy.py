"""Personal identity numbers in the Git history that the site shows: commit subjects and
author names in a document's change history, titles of deleted documents.

An editor cannot rewrite history, so the site masks these (``mask_personal_ids``) and this
rule reports them, once per commit, so that the quality unit can have the history cleaned.
A warning, not an error: the site stays safe without the fix, and an error nobody in the
pull request can fix would block every build after it.
"""

from __future__ import annotations

from typing import Iterator

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.model import Handbook
from qms_tools.handbook.personal_ids import find_in_published


def personal_ids_in_history(handbook: Handbook) -> Iterator[Finding]:
    history = handbook.history
    if history is None or not history.is_repository:
        return
    reported: set[str] = set()
    clean: set[str] = set()
    """Commits read and found without a number: a commit that changed many documents is
    in the history of each (11,000 changes of 5,000 commits at 1,500 documents)."""
    for document in handbook.documents:
        for change in history.changes(document.path):
            if change.commit in reported or change.commit in clean:
                continue
            where = [name for name, text in (("författarnamnet", change.author), ("meddelandet", change.message))
                     if find_in_published(text)]
            if not where:
                clean.add(change.commit)
            else:
                reported.add(change.commit)
                masked = find_in_published(change.author if where[0] == "författarnamnet" else change.message)[0]
                yield Finding(document.path, 1, "history.personal-id", Severity.WARNING,
                              f"Git-incheckningen {change.short} har ett personnummer eller samordningsnummer "
                              f"({masked.masked}) i {' och '.join(where)}. Webbplatsen döljer det i "
                              f"ändringshistoriken, men det finns kvar i Git. Kontakta kvalitetsenheten så att "
                              f"historiken rensas.")
    for published in history.ids.values():
        if published.title and find_in_published(published.title) and published.id not in reported:
            reported.add(published.id)
            yield Finding(published.path, 1, "history.personal-id", Severity.WARNING,
                          f"Dokumentet {published.id} hade en titel med ett personnummer eller samordningsnummer "
                          f"({find_in_published(published.title)[0].masked}) i Git-historiken. Webbplatsen döljer "
                          f"det, men det finns kvar i Git. Kontakta kvalitetsenheten så att historiken rensas.")


RULES = (personal_ids_in_history,)
