"""Safe YAML with line numbers, for front-matter and the content's registry files.

Every problem comes back as a ``YamlProblem`` with a line number in the *file*, so the
caller can turn it into a finding; nothing here raises on bad input.

Deliberate restrictions, because editors never need them and they are how YAML is
abused: aliases (``*ref``) are refused (billion-laughs), nesting deeper than
``MAX_DEPTH``, collections longer than the caller's ``max_items`` and texts with more
than ``MAX_NODES`` values are refused before anything is built in memory, and dates
stay strings so that impossible dates (2026-02-30) are reported by the validator with
a message instead of a ``ValueError``.

Lines are counted from character positions, not from the parser's line numbers: YAML
also breaks lines at U+2028, U+2029 and U+0085 (pasted from Word), the editor does not.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_DEPTH = 20
MAX_ITEMS = 10_000
"""Entries one list or mapping may have; front-matter passes a far smaller limit."""
MAX_NODES = 100_000
"""Values one text may have. Building them costs about 1 kB each, so this bounds memory."""
MAX_CHARACTERS = 4 * 1024 * 1024

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

_STRING = "tag:yaml.org,2002:str"

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
# What YAML may not contain (outside YAML 1.1 "printable"), plus the byte-order mark and
# the line breaks only YAML sees (U+0085, U+2028, U+2029), which would move every line.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                            "\U00010000-\U0010ffff]")


def read_yaml(text: str, first_line: int = 1, max_items: int = MAX_ITEMS, plain: bool = True) -> LocatedYaml:
    """Parse ``text`` whose first line is line ``first_line`` of its file. A text of the
    plain form ``read_plain_mapping`` describes is read without the parser (``plain``
    False: by the parser always, the reference the tests compare that path with)."""
    result = LocatedYaml(lines={(): first_line})

    def refuse(offset: int, message: str, code: str) -> LocatedYaml:
        result.problems.append(YamlProblem(first_line + text.count("\n", 0, offset), message, code))
        return result

    if len(text) > MAX_CHARACTERS:
        return refuse(0, f"Filen är {len(text) // 1024 // 1024} MB, större än gränsen "
                         f"{MAX_CHARACTERS // 1024 // 1024} MB för en YAML-fil. Dela upp den eller ta bort "
                         "det som inte hör hemma där.", "yaml.too-large")
    tab = _TAB_INDENT.search(text)
    if tab:
        return refuse(tab.start(), "Raden är indragen med tabb. YAML tillåter bara mellanslag: "
                                   "ersätt tabben med två mellanslag.", "yaml.tab")
    invisible = _NOT_PRINTABLE.search(text)
    if invisible:
        return refuse(invisible.start(), _invisible_character(invisible.group()), "yaml.character")
    entries = _plain_entries(text, max_items) if plain else None
    if entries is not None:
        result.data = _plain_data(entries, result.lines, first_line)
        return result
    try:
        refused, node = _compose(text)
        if refused is not None:
            offset, message, code = refused
            return refuse(offset, message, code)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and "simple key" in (error.context or ""):
            mark = error.context_mark  # the line that lacks its colon, not the line after it
        offset = min(mark.index, len(text)) if mark else 0
        return refuse(offset, _explain(error, text, offset), "yaml.syntax")
    except yaml.reader.ReaderError as error:
        # Positions are byte offsets here; characters the pre-check missed end up here.
        offset = len(text.encode("utf-8")[:error.position].decode("utf-8", "ignore"))
        character = error.character if isinstance(error.character, str) else chr(error.character)
        return refuse(offset, _invisible_character(character), "yaml.character")
    except _UNREADABLE as error:
        return refuse(0, f"YAML kunde inte läsas ({type(error).__name__}). Kontrollera att filen är vanlig "
                         "text med nyckel: värde på varje rad.", "yaml.syntax")
    if node is None:
        return result
    walker = _Walker(first_line, result, text, max_items)
    result.data = walker.value(node, (), 0)
    return result


# A front-matter line that needs no parser: ``key: word word`` (a plain scalar with no
# character that could start a comment, a nested mapping, a quote or a tag) or ``key:
# [item, "item"]`` on one line. Read by ``read_plain_mapping``.
_PLAIN_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_PLAIN_WORD = r"[^\s:#,\[\]{}&*!|>'\"%@`?-][^\s:#]*"
_FLOW_ITEM = r"(?:[^\s:#,\[\]{}&*!|>'\"%@`?-][^\s:#,\[\]{}'\"]*(?: [^\s:#,\[\]{}'\"]+)*|\"[^\"\\\\\s]*(?: [^\"\\\\\s]*)*\")"
_PLAIN_LINE = re.compile(rf"({_PLAIN_KEY}): +(?:({_PLAIN_WORD}(?: [^\s:#]+)*)"
                         rf"|(\[ *(?:{_FLOW_ITEM}(?: *, *{_FLOW_ITEM})*)? *\]))")


@functools.lru_cache(maxsize=4096)
def _reads_as_text(scalar: str) -> bool:
    """Whether YAML reads ``scalar``, written plain, as text: by the loader's own
    resolver. Kept for the keys and ids seen, which repeat in every version."""
    return _NoDatesLoader("").resolve(yaml.ScalarNode, scalar, (True, False)) == _STRING


_BLOCK_KEY = re.compile(rf"({_PLAIN_KEY}):")
_ITEM = re.compile(rf"  - (?:{_PLAIN_LINE.pattern}|({_PLAIN_WORD}(?: [^\s:#]+)*))")
_FLOW_ITEM_RE = re.compile(_FLOW_ITEM)
_ITEM_CONTINUED = re.compile(rf"    {_PLAIN_LINE.pattern}")


def read_plain_mapping(text: str, keys: tuple[str, ...], max_items: int = MAX_ITEMS) -> dict[str, str] | None:
    """The values of ``keys`` in ``text`` exactly as ``read_yaml(text).data`` has them,
    without the parser, when every line of ``text`` is empty or a ``key: value`` line
    whose value is a plain one-line scalar or a one-line flow list of simple items, or
    a ``key:`` line opening a list indented by two spaces whose items are such plain
    scalars or mappings of such lines (a process's ``activities``), and the ``keys``
    present have plain values that YAML reads as text; else None, and the caller reads
    ``text`` with the parser. Such a text is always a valid mapping of distinct text
    keys (the keys and values are resolved by the loader's own resolver), so nothing
    the parser refuses gets a value here. 94 % of the versions in the history of a
    generated handbook are read this way, at a third of the parser's cost, and with the
    lists the rest too (of 13,616 reads, the 786 with ``activities`` took 0.38 s of the
    0.90 s through the parser); tests/handbook/test_yaml_reader_plain.py compares the
    two on generated front-matter of every awkward form. ``read_yaml`` reads the same
    texts the same way, every value built."""
    if len(text) > MAX_CHARACTERS or ("\t" in text and _TAB_INDENT.search(text)) or _NOT_PRINTABLE.search(text):
        return None
    entries = _plain_entries(text, max_items)
    if entries is None:
        return None
    found: dict[str, str] = {}
    for _, key, plain, _, _ in entries:
        if key in keys:
            if plain is None or not _reads_as_text(plain):
                return None
            found[key] = plain
    return found


_Entry = tuple[int, str, "str | None", "str | None", "list | None"]
"""(line index, key, plain value, flow list, list items) of one ``key: …`` line; list
items are (line index, plain value or None, the item's own entries or None)."""


def _plain_entries(text: str, max_items: int) -> list[_Entry] | None:
    """The lines of a text ``read_plain_mapping`` can read, or None."""
    entries: list[_Entry] = []
    seen: set[str] = set()
    items: list | None = None
    """The items of the list that the last ``key:`` line opened."""
    item_keys: set[str] | None = None
    """The keys of the list item being read, when it is a mapping."""
    for index, line in enumerate(text.split("\n")):
        if not line:
            continue
        if line[:1] == " ":
            if items is None:
                return None
            match = _ITEM.fullmatch(line)
            if match is not None:
                item_keys = None if match.group(1) is None else set()
                items.append((index, match.group(4) if item_keys is None else None, None if item_keys is None else []))
                if len(items) > max_items:
                    return None
            elif item_keys is None or (match := _ITEM_CONTINUED.fullmatch(line)) is None:
                return None
            if item_keys is not None:
                key, plain, flow = match.group(1, 2, 3)
                if key in item_keys or not _reads_as_text(key) or len(item_keys) >= max_items or \
                        (flow is not None and flow.count(",") >= max_items):
                    return None
                item_keys.add(key)
                items[-1][2].append((index, key, plain, flow, None))
            continue
        if items == []:
            return None  # "key:" with nothing under it: null
        items, item_keys = None, None
        read = _TOP_LINES.get(line)
        if read is None:
            read = _top_line(line)
        if read is False:
            return None
        key, plain, flow, commas = read
        if key in seen or commas >= max_items:
            return None
        if plain is None and flow is None:
            items = []
        seen.add(key)
        entries.append((index, key, plain, flow, items))
    if items == [] or not seen or len(seen) > max_items:
        return None
    return entries


_TOP_LINES: dict[str, tuple[str, str | None, str | None, int] | bool] = {}
"""``_top_line`` of the lines seen: a key's line recurs in many documents (``type:
rutin``) and in every version of one (``id:``), so a line is mostly looked up here rather
than matched again: 10.5 → 5 µs a version for the 12,096 versions in the history of a
generated 1,500-document handbook. Emptied when full, so it never grows past a bound."""
_TOP_LINES_KEPT = 50_000


def _top_line(line: str) -> tuple[str, str | None, str | None, int] | bool:
    """(key, plain value, flow list, its commas) of an unindented ``key: value`` or
    ``key:`` line (neither value: a list follows) whose key YAML reads as text; False
    for any other line."""
    match = _PLAIN_LINE.fullmatch(line)
    if match is not None:
        key, plain, flow = match.groups()
    else:
        match = _BLOCK_KEY.fullmatch(line)
        key, plain, flow = (match.group(1), None, None) if match is not None else (None, None, None)
    read = False if key is None or not _reads_as_text(key) else (key, plain, flow,
                                                                 flow.count(",") if flow is not None else 0)
    if len(_TOP_LINES) >= _TOP_LINES_KEPT:
        _TOP_LINES.clear()
    _TOP_LINES[line] = read
    return read


def _plain_data(entries: list[_Entry], lines: dict[Path, int], first_line: int, path: Path = ()) -> dict:
    """The mapping of ``entries`` as ``_Walker`` builds it, with the same lines."""
    mapping: dict = {}
    for index, key, plain, flow, items in entries:
        lines[path + (key,)] = first_line + index
        if plain is not None:
            mapping[key] = _plain_value(plain)
        elif flow is not None:
            values = []
            for number, item in enumerate(_FLOW_ITEM_RE.finditer(flow, 1, len(flow) - 1)):
                lines[path + (key, number)] = first_line + index
                text = item.group()
                values.append(text[1:-1] if text[:1] == '"' else _plain_value(text))
            mapping[key] = values
        else:
            values = []
            for number, (item_index, item_plain, item_entries) in enumerate(items):
                lines[path + (key, number)] = first_line + item_index
                values.append(_plain_value(item_plain) if item_entries is None else
                              _plain_data(item_entries, lines, first_line, path + (key, number)))
            mapping[key] = values
    return mapping


@functools.lru_cache(maxsize=4096)
def _plain_value(scalar: str) -> Any:
    """A plain scalar as ``_Walker.scalar`` has it (the values it gives are immutable)."""
    loader = _NoDatesLoader("")
    return _scalar(yaml.ScalarNode(loader.resolve(yaml.ScalarNode, scalar, (True, False)), scalar), loader)


def _invisible_character(character: str) -> str:
    return (f"Raden innehåller ett osynligt tecken (U+{ord(character):04X}) som inte får finnas i YAML, ofta "
            "en följd av inklistring från Word eller webben. Skriv om raden för hand eller ta bort tecknet.")


_UNREADABLE = (yaml.YAMLError, RecursionError, ValueError, UnicodeError)
_COMPOSABLE_CHARACTERS = 20_000
_COMPOSABLE_INDICATORS = 1_000
"""Texts this short with at most this many of ``[{-?:`` go to the composer straight away."""


def _compose(text: str) -> tuple[tuple[int, str, str] | None, yaml.Node | None]:
    """The node tree of ``text``, or the offset, message and code of why it is refused.

    The C composer recurses once per level and crashes the interpreter on very deep
    input (``- - - … a`` on one line is enough; 30,000 levels do it), and every value
    costs memory. Each level of nesting needs one of ``[{-?:`` and each value at least
    a third of a character, so a short text with few of them can be built safely: it
    is composed at once and measured on the tree (an ordinary front-matter). Any other
    text, and any text the composer rejects, is first measured on the streaming event
    stream, which builds nothing, so that the same problem is reported either way.
    """
    if len(text) <= _COMPOSABLE_CHARACTERS and \
            sum(text.count(indicator) for indicator in "[{-?:") <= _COMPOSABLE_INDICATORS:
        try:
            node = yaml.compose(text, Loader=_NoDatesLoader)
        except _UNREADABLE:
            pass  # read again below, where a refusal earlier in the text takes precedence
        else:
            refused = _refuse_built(node) if node is not None else None
            return refused, None if refused else node
    refused = _refuse_before_building(text)
    return refused, None if refused else yaml.compose(text, Loader=_NoDatesLoader)


_TOO_DEEP = (f"YAML-strukturen är nästlad djupare än {MAX_DEPTH} nivåer. Front-matter behöver bara nyckel: värde "
             "och enkla listor; ta bort de extra hakparenteserna eller indragningarna.")
_TOO_MANY = (f"YAML-texten har fler än {MAX_NODES} värden och läses inte. Dela upp den; en handbok behöver aldrig "
             "så många.")


def _refuse_before_building(text: str) -> tuple[int, str, str] | None:
    """Offset, message and code when ``text`` is too deep or too large to build, else None.

    libyaml caps nesting itself from PyYAML 6.0.4 on (at about 1,000 levels, with the
    English "exceeded maximum nesting depth"), and its scanner reads ahead of the events,
    so the cap can fire before ``MAX_DEPTH`` is counted. A text libyaml refuses is measured
    again with the pure-Python parser, which has no cap: the limit and the Swedish message
    are then this module's whatever libyaml does. Only refused texts pay for the slower
    parser.
    """
    try:
        return _measure_events(text, _NoDatesLoader)
    except yaml.MarkedYAMLError:
        if _Loader is yaml.SafeLoader:
            raise
        try:
            refused = _measure_events(text, yaml.SafeLoader)
        except _UNREADABLE:
            refused = None
        if refused is None:
            raise
        return refused


def _measure_events(text: str, loader: type) -> tuple[int, str, str] | None:
    depth = 0
    values = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.index, _TOO_DEEP, "yaml.depth"
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            values += 1
            if values > MAX_NODES:
                return 0, _TOO_MANY, "yaml.too-large"
    return None


def _refuse_built(root: yaml.Node) -> tuple[int, str, str] | None:
    """What ``_refuse_before_building`` says of the text ``root`` was composed from: the
    tree in document order is the event stream, an alias a value without children."""
    seen: set[int] = set()
    values = 0
    waiting = [(root, 0)]  # node, number of collections around it; next one last
    while waiting:
        node, depth = waiting.pop()
        is_collection = id(node) not in seen and type(node) in _COLLECTIONS
        seen.add(id(node))
        if is_collection and depth >= MAX_DEPTH:
            return node.start_mark.index, _TOO_DEEP, "yaml.depth"
        values += 1
        if values > MAX_NODES:
            return 0, _TOO_MANY, "yaml.too-large"
        if is_collection:
            children = node.value if type(node) is yaml.SequenceNode else [child for pair in node.value
                                                                           for child in pair]
            waiting.extend((child, depth + 1) for child in reversed(children))
    return None


_COLLECTIONS = (yaml.MappingNode, yaml.SequenceNode)


class _Walker:
    def __init__(self, first_line: int, result: LocatedYaml, text: str, max_items: int) -> None:
        self.first_line = first_line
        self.result = result
        self.text = text
        self.max_items = max_items
        self.seen: set[int] = set()
        self.alias_reported = False
        self.constructor: _NoDatesLoader | None = None

    def line(self, node: yaml.Node) -> int:
        return self.first_line + self.text.count("\n", 0, node.start_mark.index)

    def problem(self, node: yaml.Node, message: str, code: str) -> None:
        self.result.problems.append(YamlProblem(self.line(node), message, code))

    def value(self, node: yaml.Node, path: Path, depth: int) -> Any:
        # An alias makes the composer hand out the same node object twice.
        if id(node) in self.seen:
            # Once per text: a billion-laughs bomb has thousands of aliases, one fix.
            if not self.alias_reported:
                self.alias_reported = True
                self.problem(node, "YAML-alias (*namn) och ankare (&namn) används inte i handboken. "
                                   "Skriv ut värdet i stället.", "yaml.alias")
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(node, f"YAML-strukturen är nästlad djupare än {MAX_DEPTH} nivåer. "
                               "Förenkla strukturen.", "yaml.depth")
            return None
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and len(node.value) > self.max_items:
            kind = "Listan" if isinstance(node, yaml.SequenceNode) else "Blocket"
            self.problem(node, f"{kind} har {len(node.value)} poster, fler än gränsen {self.max_items}, och "
                               "läses inte. Ta bort det som inte hör hemma här.", "yaml.too-many-items")
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
        if node.tag == _STRING and isinstance(node, yaml.ScalarNode):
            return node.value  # what the constructor returns for text, without its bookkeeping
        if self.constructor is None:
            self.constructor = _NoDatesLoader("")
        return _scalar(node, self.constructor)


def _scalar(node: yaml.Node, constructor: _NoDatesLoader) -> Any:
    if node.tag == _STRING and isinstance(node, yaml.ScalarNode):
        return node.value
    try:
        return constructor.construct_object(node, deep=False)
    except (yaml.YAMLError, ValueError, TypeError, LookupError, AttributeError):
        # PyYAML's constructors fail in these ways on explicitly tagged values they
        # cannot read (!!int "", !!bool x, !!timestamp x): the text is kept as written.
        return node.value


def _explain(error: yaml.MarkedYAMLError, text: str, offset: int) -> str:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    hint = ""
    if _indented_more_than_previous_line(text, offset):
        hint = ("Raden är mer indragen än raden ovanför. Rader på samma nivå ska börja i samma kolumn: "
                "ta bort mellanslagen i början av raden.")
    elif "mapping values are not allowed" in problem:
        hint = ("Ett kolon (:) mitt i ett värde: sätt värdet inom citattecken, "
                "t.ex. title: \"Rutin: orosanmälan\".")
    elif "could not find expected ':'" in problem:
        hint = "En rad saknar kolon mellan nyckel och värde, t.ex. status: gällande."
    elif any(sign in problem for sign in ("expected <block end>", "bad indentation", "did not find expected")):
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


def _indented_more_than_previous_line(text: str, offset: int) -> bool:
    """Whether the error's line is a `key: value` line indented deeper than the line
    above it, which is not a parent key or list: the usual paste accident."""
    lines = text.split("\n")
    index = text.count("\n", 0, offset)
    if index >= len(lines):
        return False
    previous = next((lines[i] for i in range(index - 1, -1, -1)
                     if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
    line = lines[index]
    if previous is None or not re.match(r"^ +[^\s:#-][^:]*:(\s|$)", line):
        return False
    indent = len(line) - len(line.lstrip(" "))
    previous_indent = len(previous) - len(previous.lstrip(" "))
    opens_block = previous.rstrip().endswith(":") or previous.lstrip().startswith("- ")
    return indent > previous_indent and not opens_block
