"""`qms fix`'s repairs as review suggestions on a pull request.

The repairs are `qms fix`'s own (``fix.fix_text`` on the pull request's files, read as
data); each run of changed lines becomes one suggestion on exactly the lines it replaces,
which the editor accepts with **Commit suggestion**. GitHub takes comments only on lines
the pull request's diff shows; a repair elsewhere in the file, and what no line can carry
(line endings, a BOM, the final newline), is listed in the review's text instead. A review
with the same suggestions is never posted twice.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from qms_tools.lifecycle.browser_editing import pull_requests
from qms_tools.lifecycle.browser_editing.pull_requests import Report, marker
from qms_tools.lifecycle.fix import FileFix, canonical_keys, files_to_fix, fix_text
from qms_tools.runtime import git, github

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def whole_file_only(result: FileFix) -> bool:
    """Whether a repair is one no line suggestion can carry: a BOM, CR line endings, a
    missing final newline."""
    return result.raw_before.startswith(b"\xef\xbb\xbf") or b"\r" in result.raw_before or \
        bool(result.before) and not result.before.endswith("\n")


@dataclass(frozen=True)
class Suggestion:
    path: str
    start: int
    """First line replaced (1-based, in the pull request's version of the file)."""
    end: int
    """Last line replaced."""
    replacement: tuple[str, ...]

    def fence(self) -> str:
        longest = max([len(run) for line in self.replacement for run in re.findall(r"`{3,}", line)] or [2])
        return "`" * (longest + 1)

    def comment(self) -> dict:
        fence = self.fence()
        body = ("Mekanisk rättning från `qms fix` (ändrar inte innehållet):\n\n"
                f"{fence}suggestion\n" + "".join(line + "\n" for line in self.replacement) + fence)
        comment = {"path": self.path, "line": self.end, "side": "RIGHT", "body": body}
        if self.start != self.end:
            comment.update(start_line=self.start, start_side="RIGHT")
        return comment


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def suggestions(path: str, before: str, after: str) -> list[Suggestion]:
    """The line replacements that turn ``before`` into ``after``, one per run of changed lines."""
    old, new = _lines(before), _lines(after)
    front_matter_end = old.index("---", 1) if old[:1] == ["---"] and "---" in old[1:] else 0
    spans: list[list[int]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2:  # an insertion replaces a neighbouring, unchanged line with itself and the new ones
            if i1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            elif old:
                i2, j2 = i2 + 1, j2 + 1
            else:
                continue
        # Overlapping runs are one suggestion; so are all runs in the front-matter, since a
        # repair there (the key order) is only valid when accepted whole.
        if spans and (i1 < spans[-1][1] or i1 < front_matter_end):
            spans[-1] = [spans[-1][0], max(i2, spans[-1][1]), spans[-1][2], max(j2, spans[-1][3])]
        else:
            spans.append([i1, i2, j1, j2])
    return [Suggestion(path, i1 + 1, i2, tuple(new[j1:j2])) for i1, i2, j1, j2 in spans]


def commentable_lines(root: Path, base_sha: str, head_sha: str, path: str) -> list[range]:
    """The lines of ``path`` (head side) that the pull request's diff shows, hunk by hunk."""
    diff = git.run(root, "diff", "--no-color", "--no-ext-diff", "--unified=3", f"{base_sha}...{head_sha}", "--",
                   path).decode("utf-8", "replace")
    return [range(int(start), int(start) + int(count if count is not None else 1))
            for start, count in _HUNK.findall(diff)]


def _inside(suggestion: Suggestion, hunks: list[range]) -> bool:
    return any(suggestion.start in hunk and suggestion.end in hunk for hunk in hunks)


def _outside_text(suggestion: Suggestion, old: list[str]) -> str:
    removed = [f"-{line}" for line in old[suggestion.start - 1:suggestion.end]]
    added = [f"+{line}" for line in suggestion.replacement]
    lines = str(suggestion.start) if suggestion.start == suggestion.end else f"{suggestion.start}–{suggestion.end}"
    return (f"`{suggestion.path}` rad {lines}:\n\n```diff\n"
            + "\n".join(removed + added) + "\n```")


def review_for(results: list[FileFix], hunks: dict[str, list[range]]) -> tuple[list[dict], str] | None:
    """The review's comments and text, or None when nothing is to be suggested."""
    comments, outside, notes, whole_file = [], [], [], False
    for result in results:
        if not result.changed:
            continue
        found = suggestions(result.path, result.before, result.after)
        for suggestion in found:
            if _inside(suggestion, hunks.get(result.path, [])):
                comments.append(suggestion.comment())
            else:
                outside.append(_outside_text(suggestion, _lines(result.before)))
        notes.append(f"- `{result.path}`: " + " ".join(result.changes))
        whole_file = whole_file or whole_file_only(result)
    if not notes:
        return None
    text = ["`qms fix` hittade formfel som kan rättas utan att innehållet ändras. Välj **Commit suggestion** vid "
            "varje förslag, eller **Add suggestion to batch** vid flera och sedan **Commit suggestions**.", "",
            *notes]
    if outside:
        text += ["", "Rättningar på rader som den här ändringen inte rör (GitHub tillåter inga förslag där): "
                     "ändra dem för hand.", "", *outside]
    if whole_file:
        text += ["", "Radslut, BOM och radbrytningen i slutet av filen kan inte föreslås på en rad: öppna "
                     "arkivet i Codespaces och kör `qms fix`, eller spara filen igen i GitHubs redigerare."]
    return comments, "\n".join(text)


def suggest(root: Path, event: dict, today: dt.date) -> Report:
    report = Report()
    number, base_sha, head_sha, _, _ = pull_requests.pull_request_facts(event)
    with pull_requests.pull_request_tree(root, number, head_sha) as tree:
        settings, files = files_to_fix(tree)
        changed = set(git.run(tree, "diff", "--name-only", "--no-renames", "--diff-filter=AM",
                              f"{base_sha}...{head_sha}").decode("utf-8").split("\n"))
        canonical = canonical_keys(settings)
        results = [fix_text(file.read_bytes(), relative, canonical) for file, relative in files if relative in changed]
        hunks = {result.path: commentable_lines(tree, base_sha, head_sha, result.path)
                 for result in results if result.changed}
    review = review_for(results, hunks)
    if review is None:
        report.say(f"Inget att rätta i pull request #{number}.")
        return report
    comments, text = review
    hidden = marker("fix", pull_requests.fingerprint(json.dumps([comments, text], sort_keys=True)))
    if any(hidden in body for body in pull_requests.comments("pr", number)):
        report.say(f"Samma förslag finns redan i pull request #{number}; inget skickades.")
        return report
    payload = {"commit_id": head_sha, "event": "COMMENT", "body": f"{text}\n\n{hidden}", "comments": comments}
    github.with_file(json.dumps(payload, ensure_ascii=False), "api", "--method", "POST",
                     f"repos/{{owner}}/{{repo}}/pulls/{number}/reviews", option="--input")
    report.say(f"Föreslog {len(comments)} rättningar i pull request #{number}.")
    return report
