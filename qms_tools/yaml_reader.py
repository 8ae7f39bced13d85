"""Safe YAML with line numbers, for front-matter and the content's registry files.

Every problem comes back as a ``YamlProblem`` with a line number in the *file*, so the
caller can turn it into a finding; nothing here raises on bad input.

Deliberate restrictions, because editors never need them and they are how YAML is
abused: aliases (``*ref``) are refused (billion-laughs), nesting deeper than
``MAX_DEPTH`` is refused, and dates stay strings so that impossible dates (2026-02-30)
are reported by the validator with a message instead of a ``ValueError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_DEPTH = 20

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoDatesLoader(_Loader):  # type: ignore[misc, valid-type]
    """SafeLoader without the timestamp resolver: dates are validated by us."""


def _without_sexagesimal(tag: str, regexp: re.Pattern) -> tuple[str, re.Pattern]:
    # YAML 1.1 reads `5:3` as the base-60 number 303; a SOSFS reference must stay "5:3".
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        pattern = "\n".join(line for line in regexp.pattern.split("\n") if "(?::" not in line)
        pattern = pattern.rstrip().rstrip("|")
        if not pattern.endswith(")$"):
            pattern += ")$"
        return tag, re.compile(pattern, regexp.flags)
    return tag, regexp


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [_without_sexagesimal(tag, regexp) for tag, regexp in resolvers
            if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.copy().items()
}

Path = tuple  # a path into the data: ("roles", 3, "unit")


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str
    code: str = "yaml.syntax"


@dataclass
class LocatedYaml:
    """Plain Python data plus the file line of every mapping key and sequence item."""

    data: Any = None
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    def line_of(self, *path: Any, default: int | None = None) -> int:
        """The line of the deepest known prefix of ``path``."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return default if default is not None else self.lines.get((), 1)


_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)


def read_yaml(text: str, first_line: int = 1) -> LocatedYaml:
    """Parse ``text`` whose first line is line ``first_line`` of its file."""
    result = LocatedYaml(lines={(): first_line})
    tab = _TAB_INDENT.search(text)
    if tab:
        line = first_line + text.count("\n", 0, tab.start())
        result.problems.append(
            YamlProblem(line, "Raden är indragen med tabb. YAML tillåter bara mellanslag: "
                              "ersätt tabben med två mellanslag.", "yaml.tab")
        )
        return result
    try:
        too_deep = _too_deep(text)
        if too_deep is not None:
            result.problems.append(YamlProblem(
                first_line + too_deep, f"YAML-strukturen är nästlad djupare än {MAX_DEPTH} nivåer. "
                                       "Förenkla strukturen.", "yaml.depth"))
            return result
        node = yaml.compose(text, Loader=_NoDatesLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        result.problems.append(YamlProblem(line, _explain(error)))
        return result
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        result.problems.append(YamlProblem(first_line, f"YAML kunde inte läsas ({type(error).__name__})."))
        return result
    if node is None:
        return result
    walker = _Walker(first_line, result)
    result.data = walker.value(node, (), 0)
    return result


def _too_deep(text: str) -> int | None:
    """The 0-based line where nesting passes MAX_DEPTH, else None.

    The C composer recurses once per level and crashes the interpreter on very deep
    input, so depth is checked on the (iterative) event stream first. Ordinary
    front-matter cannot be that deep, so the event pass only runs when a cheap count
    says it might be.
    """
    openers = text.count("[") + text.count("{")
    deepest_indent = max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)
    if openers <= MAX_DEPTH and deepest_indent <= 2 * MAX_DEPTH:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_NoDatesLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


class _Walker:
    def __init__(self, first_line: int, result: LocatedYaml) -> None:
        self.first_line = first_line
        self.result = result
        self.seen: set[int] = set()
        self.constructor = _NoDatesLoader("")

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def problem(self, node: yaml.Node, message: str, code: str) -> None:
        self.result.problems.append(YamlProblem(self.line(node), message, code))

    def value(self, node: yaml.Node, path: Path, depth: int) -> Any:
        # An alias makes the composer hand out the same node object twice.
        if id(node) in self.seen:
            self.problem(node, "YAML-alias (*namn) och ankare (&namn) används inte i handboken. "
                               "Skriv ut värdet i stället.", "yaml.alias")
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(node, f"YAML-strukturen är nästlad djupare än {MAX_DEPTH} nivåer. "
                               "Förenkla strukturen.", "yaml.depth")
            return None
        if isinstance(node, yaml.MappingNode):
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_node, "En nyckel måste vara ett enkelt ord, inte en lista "
                                           "eller ett block.", "yaml.key")
                    continue
                key = self.scalar(key_node)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    key = str(key)
                if key in mapping:
                    self.problem(key_node, f"Nyckeln '{key}' förekommer mer än en gång. "
                                           "Ta bort den ena raden.", "yaml.duplicate-key")
                    continue
                self.result.lines[path + (key,)] = self.line(key_node)
                mapping[key] = self.value(value_node, path + (key,), depth + 1)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.result.lines[path + (index,)] = self.line(item)
                items.append(self.value(item, path + (index,), depth + 1))
            return items
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        try:
            return self.constructor.construct_object(node, deep=False)
        except (yaml.YAMLError, ValueError, TypeError):
            return node.value


def _explain(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = ("Ett kolon (:) mitt i ett värde: sätt värdet inom citattecken, "
                "t.ex. title: \"Rutin: orosanmälan\".")
    elif "could not find expected ':'" in problem:
        hint = "En rad saknar kolon mellan nyckel och värde, t.ex. status: gällande."
    elif "expected <block end>" in problem or "bad indentation" in problem:
        hint = "Indragningen stämmer inte: rader på samma nivå ska börja i samma kolumn."
    elif "found character '\\t'" in problem:
        hint = "Ersätt tabben med mellanslag."
    elif "found undefined alias" in problem or "found unknown" in problem:
        hint = "Tecknen * och & har särskild betydelse i YAML: sätt värdet inom citattecken."
    elif "while scanning a quoted scalar" in context:
        hint = "Ett citattecken öppnas men stängs aldrig: lägg till det avslutande citattecknet."
    else:
        hint = "Kontrollera kolon, citattecken och indragning på raden."
    detail = f" ({problem})" if problem else ""
    return f"YAML-syntaxfel{detail}. {hint}"
