"""A handbook repository whose Git history spans 2024 and 2025, each commit dated with
GIT_AUTHOR_DATE and GIT_COMMITTER_DATE: the yearly follow-up's figures are worked out
by hand in the comments, and the tests compare against those. With ``site=True`` it
also gets what a site build needs (mkdocs.yml, a help page) and two audit questions."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import yaml
from conftest import FIXTURES, git, write

TODAY = dt.date(2026, 3, 1)
REGULATION = Path(__file__).resolve().parents[2] / "qms_tools/data/regulations/sosfs-2011-9.yml"


def counted_requirements() -> int:
    """SOSFS 2011:9's paragraphs from the chapter coverage starts at, from the data file."""
    data = yaml.safe_load(REGULATION.read_text(encoding="utf-8"))
    return sum(len(chapter["paragraphs"]) for chapter in data["chapters"]
               if chapter["number"] >= data["coverage_from_chapter"])

AUDIT = """\
audit: Provrevisionen 2025
questions:
  - number: 1
    question: Finns en process för att regelbundet uppdatera rutinerna?
    assessment: Större avvikelse
    evidence: [reviews, documents]
    requirements: ["4:4", "5"]
  - number: 2
    question: Är roller och ansvar tydliga?
    assessment: Större avvikelse
    evidence: [ownership, coverage, contributors, approvals]
    requirements: ["3"]
"""

REGISTRY = """\
organisation: Provby kommun
areas:
  - {{id: bou, title: Barn och unga}}
  - {{id: vux, title: Vuxen}}
units:
  - {{id: u-bou, title: Enhet barn, area: bou}}
  - {{id: u-vux, title: Enhet vuxen, area: vux}}
roles:
  - id: chef-bou
    title: Enhetschef barn
    unit: u-bou
    holder: {{name: Anna Andersson}}
  - id: chef-vux
    title: Enhetschef vuxen
    unit: u-vux
    holder: {chef_vux}
  - id: kval
    title: Kvalitetsutvecklare
    unit: u-bou
    holder: {kval}
"""


def registry(chef_vux: str = "{name: Bo Berg}", kval: str = "{name: Cilla Ceder}") -> str:
    return REGISTRY.format(chef_vux=chef_vux, kval=kval)


def document(document_id: str, status: str, owner: str, *, area: str | None = None, review_date: str | None = None,
             reviewed: str | None = None, sosfs: list[str] = (), body: str = "Första texten.") -> str:
    lines = [f"id: {document_id}", f"title: Rutin {document_id}", "type: rutin", f"status: {status}",
             f"owner: {owner}"]
    if area:
        lines.append(f"area: {area}")
    if reviewed:
        lines.append(f"reviewed: {reviewed}")
    if review_date:
        lines.append(f"review_date: {review_date}")
    if sosfs:
        lines.append("sosfs: [" + ", ".join(f'"{ref}"' for ref in sosfs) + "]")
    return "---\n" + "\n".join(lines) + f"\n---\n\n{body}\n"



def make_history(root: Path, site: bool = False) -> Path:
    content = root / "processes"
    write(root / "qms.yml", "content_dir: processes\norganisation: processes/organisation.yml\n"
                            "site_url: https://example.invalid/handbok/\n")
    if site:
        shutil.copy(FIXTURES / "site_small" / "mkdocs.yml", root / "mkdocs.yml")
        write(root / "docs" / "guide" / "index.md", "# Hjälp\n\nHur handboken används.\n")
        write(content / "revisionsfragor.yml", AUDIT)
    git(root.parent, "init", "-q", str(root))

    def commit(day: str, message: str, author: str | None = None) -> None:
        stamp = f"{day}T12:00:00+01:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        if author:
            env["GIT_AUTHOR_NAME"] = author
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", message, env=env)

    a, b, c = content / "bou" / "a.md", content / "bou" / "b.md", content / "vux" / "c.md"
    d, e, f = content / "vux" / "d.md", content / "e.md", content / "bou" / "f.md"
    # 2024 --------------------------------------------------------------------------
    write(content / "organisation.yml", registry())
    write(a, document("RUT-BOU-001", "gällande", "chef-bou", area="bou", review_date="2024-06-30", sosfs=["4:4"]))
    commit("2024-01-10", "A gällande")                                  # A new 2024 (bou)
    write(b, document("RUT-BOU-002", "utkast", "chef-bou", area="bou"))
    commit("2024-03-01", "B utkast")                                    # a draft: nothing
    write(b, document("RUT-BOU-002", "gällande", "chef-bou", area="bou", review_date="2024-11-30", sosfs=["5:1"]))
    commit("2024-05-02", "B gällande")                                  # B new 2024 (bou)
    write(a, document("RUT-BOU-001", "gällande", "chef-bou", area="bou", reviewed="2024-06-20",
                      review_date="2025-06-30", sosfs=["4:4"]))
    commit("2024-06-20", "A granskad")                # A's review due 2024-06-30: on time
    write(content / "organisation.yml", registry(chef_vux="{name: Bo Berg, until: 2024-08-15}"))
    commit("2024-07-01", "Bo slutar")                 # chef-vux gap from 2024-08-16
    write(b, document("RUT-BOU-002", "gällande", "chef-bou", area="bou", review_date="2024-11-30", sosfs=["5:1"],
                      body="Ändrad text."))
    commit("2024-09-10", "B ändrad")                                    # B changed 2024 (bou)
    write(content / "organisation.yml", registry(chef_vux="null"))
    commit("2024-10-01", "chef-vux vakant")           # the same gap goes on
    write(c, document("RUT-VUX-001", "gällande", "chef-vux", area="vux", review_date="2025-03-31", sosfs=["4:4"]))
    commit("2024-11-05", "C gällande")                                  # C new 2024 (vux)
    # B's review due 2024-11-30 is never done: missing in 2024, 31 days to 2024-12-31.
    # 2025 --------------------------------------------------------------------------
    write(d, document("RUT-VUX-002", "gällande", "chef-vux", area="vux", review_date="2025-10-31", sosfs=["6:1"]))
    commit("2025-01-15", "D gällande")                                  # D new 2025 (vux)
    write(content / "organisation.yml", registry(chef_vux="{name: Dan Dahl}"))
    commit("2025-02-01", "Dan tar över")              # gap 2024-08-16 – 2025-02-01: 169 days
    write(b, document("RUT-BOU-002", "upphävd", "chef-bou", area="bou", sosfs=["5:1"], body="Ändrad text."))
    commit("2025-02-20", "B upphävd")                                   # B withdrawn 2025 (bou)
    write(a, document("RUT-BOU-001", "gällande", "chef-bou", area="bou", reviewed="2024-06-20",
                      review_date="2025-06-30", sosfs=["4:4"], body="Ny text."))
    commit("2025-03-15", "A ändrad")                                    # A changed 2025 (bou)
    write(c, document("RUT-VUX-001", "gällande", "chef-vux", area="vux", reviewed="2025-04-10",
                      review_date="2026-03-31", sosfs=["4:4"]))
    commit("2025-04-10", "C granskad", author="Dora Dahl")  # C due 2025-03-31: late, 10 days
    git(root, "mv", "processes/bou/a.md", "processes/bou/rutin-a.md")
    a = content / "bou" / "rutin-a.md"
    commit("2025-05-01", "A flyttad")                                   # a rename: no change
    write(f, document("RUT-BOU-003", "utkast", "chef-bou", area="bou"))
    commit("2025-05-05", "F utkast")                                    # a draft: nothing
    write(e, document("RUT-LED-001", "gällande", "kval", review_date="2026-06-01", sosfs=["6:1"]))
    commit("2025-06-01", "E gällande")                  # E new 2025 (no area); due in 2026
    write(a, document("RUT-BOU-001", "gällande", "chef-bou", area="bou", reviewed="2025-08-14",
                      review_date="2026-06-30", sosfs=["4:4"], body="Ny text."))
    commit("2025-08-14", "A granskad")                # A due 2025-06-30: late by 45 days
    write(c, document("RUT-VUX-001", "gällande", "chef-vux", area="vux", reviewed="2025-04-10",
                      review_date="2026-03-31", sosfs=["4:4", "5:3"]))
    commit("2025-09-01", "C ändrad")                                    # C changed 2025 (vux)
    write(content / "organisation.yml", registry(chef_vux="{name: Dan Dahl}", kval="null"))
    commit("2025-09-01", "kval vakant")               # kval (bou) vacant from 2025-09-01, open
    d.unlink()
    commit("2025-12-01", "D borttagen")               # D withdrawn 2025 (vux); its review due
    # 2025-10-31 was never done: missing, 31 days to the day it left force.
    return root
