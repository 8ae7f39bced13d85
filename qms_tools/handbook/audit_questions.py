"""The questions of an audit (``revisionsfragor.yml`` in the content), each answered by
a generated page of live figures that the governing document can link to.

The quality unit keeps the file with the handbook, so it is reviewed like any document::

    audit: Stadsrevisionens granskning 2025
    questions:
      - number: 5
        question: Finns det en process för att regelbundet uppdatera …?
        assessment: Större avvikelse
        evidence: [reviews, documents]
        requirements: ["4:2", "5"]

``evidence`` names the figures that answer the question (``EVIDENCE``), and
``requirements`` the chapters or paragraphs of the regulation whose coverage the page
shows. The page of question N is ``uppfoljning/fraga-N.md``; documents link to it like to
any other document, and ``check/rules/links.py`` knows these addresses from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qms_tools.handbook.findings import Finding, Severity
from qms_tools.handbook.source import decode
from qms_tools.handbook.yaml_reader import read_yaml

FILE_NAME = "revisionsfragor.yml"
RULE = "audit.questions"
FOLDER = "uppfoljning"
"""The site folder of the follow-up page (``uppfoljning/index.md``) and the question pages."""
INDEX = f"{FOLDER}/index.md"
EVIDENCE = {
    "documents": "gällande, nya, ändrade och upphävda dokument",
    "reviews": "granskningar i tid, sent och som saknas",
    "ownership": "ägarluckor: vakanta roller och innehavare som har slutat",
    "coverage": "täckning av regelverket",
    "contributors": "hur många som har ändrat handboken",
    "approvals": "godkännanden av nya versioner: av ägarrollen, av annan roll, egna, utan, okända",
}
"""The figures a question can name as its evidence -> what they are, in Swedish."""
_REFERENCE = re.compile(r"^\d+(:\d+)?$")


@dataclass(frozen=True)
class Question:
    number: int
    question: str
    assessment: str
    evidence: tuple[str, ...]
    requirements: tuple[str, ...]

    @property
    def src_uri(self) -> str:
        return question_uri(self.number)


@dataclass(frozen=True)
class Audit:
    title: str = ""
    questions: tuple[Question, ...] = ()


def question_uri(number: int) -> str:
    return f"{FOLDER}/fraga-{number}.md"


def load_audit(content_root: Path, content_dir: str) -> tuple[Audit, list[Finding]]:
    """The audit in the content folder (an empty one when there is no file), and what is
    wrong with the file, each problem with its line."""
    file = content_root / FILE_NAME
    relative = f"{content_dir.strip('/')}/{FILE_NAME}"
    findings: list[Finding] = []

    def error(line: int, message: str) -> None:
        findings.append(Finding(relative, line, RULE, Severity.ERROR, message))

    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return Audit(), findings
    except OSError:
        error(1, f"{FILE_NAME} kunde inte läsas. Kontrollera behörigheterna på filen.")
        return Audit(), findings
    problems: list = []
    text = decode(raw, problems)
    if text is None:
        for problem in problems:
            error(problem.line, problem.message)
        return Audit(), findings
    located = read_yaml(text)
    for problem in located.problems:
        error(problem.line, problem.message)
    data = located.data
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        if not located.problems:
            error(1, "Filen ska ha nycklarna audit (granskningens namn) och questions (en lista med frågor).")
        return Audit(), findings
    questions: list[Question] = []
    seen: set[int] = set()
    for index, item in enumerate(data["questions"]):
        line = located.line_of("questions", index)
        if not isinstance(item, dict):
            error(line, "Varje fråga ska ha number, question, assessment och evidence.")
            continue
        number = item.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1 or number in seen:
            error(located.line_of("questions", index, "number"),
                  f"Frågan behöver ett eget nummer (ett heltal från 1), inte '{number}'.")
            continue
        seen.add(number)
        question, assessment = item.get("question"), item.get("assessment", "")
        if not isinstance(question, str) or not question.strip():
            error(line, f"Fråga {number} saknar question (frågans text).")
            continue
        if not isinstance(assessment, str):
            error(located.line_of("questions", index, "assessment"),
                  f"Fråga {number}: assessment ska vara text, t.ex. 'Större avvikelse'.")
            assessment = ""
        evidence = _names(item.get("evidence"), lambda value: value in EVIDENCE,
                          located.line_of("questions", index, "evidence"), error,
                          f"Fråga {number}: evidence ska vara en lista av {', '.join(EVIDENCE)}.")
        requirements = _names(item.get("requirements"), lambda value: bool(_REFERENCE.match(value)),
                              located.line_of("questions", index, "requirements"), error,
                              f"Fråga {number}: requirements ska vara kapitel (\"5\") eller kapitel:paragraf "
                              f"(\"5:3\") i regelverket.")
        questions.append(Question(number, " ".join(question.split()), " ".join(assessment.split()),
                                  evidence, requirements))
    title = data.get("audit")
    return Audit(title.strip() if isinstance(title, str) else "", tuple(sorted(questions, key=lambda q: q.number))), \
        findings


def _names(value, valid, line: int, error, message: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    names = tuple(str(item) for item in items)
    if any(not valid(name) for name in names):
        error(line, message)
        return tuple(name for name in names if valid(name))
    return names
