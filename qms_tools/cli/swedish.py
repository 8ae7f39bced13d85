"""Click's own words in Swedish, for as long as a `qms` command runs.

Click marks its strings for gettext (``_("Usage:")``) but ships no Swedish catalogue, and
installing one through gettext would change every other Click program in the process
(MkDocs runs in the same interpreter as the plugin). So the `qms` group swaps the
translation functions of Click's modules for these while it runs and puts them back
after: "Usage", "Options", "Show this message and exit" and the error texts are then
Swedish in `qms` and untouched everywhere else.

tests/cli/test_swedish.py reads every marked string out of the installed Click and fails
when one has no translation here, so a new Click release cannot slip English back in.
"""

from __future__ import annotations

import contextlib
import importlib
from typing import Iterator

MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")
"""Click's modules whose marked strings a `qms` user can meet."""

SINGULAR = {
    # Help
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljövariabel: {var}",
    "(dynamic)": "(beräknas)",
    "deprecated": "utgår",
    "Do you want to continue?": "Vill du fortsätta?",
    "Confirm the action without prompting.": "Bekräfta utan att fråga.",
    "required": "krävs",
    # Errors
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Aborted!": "Avbrutet.",
    "Missing command.": "Kommando saknas.",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Parameter saknas",
    "Missing parameter: {param_name}": "Parameter saknas: {param_name}",
    "Missing {param_type}": "{param_type} saknas",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Value must be an iterable.": "Värdet måste vara en lista.",
    "unknown error": "okänt fel",
    "Could not open file {filename!r}: {message}": "Kunde inte öppna filen {filename!r}: {message}",
    "Invalid start character for option ({option})": "Ogiltigt första tecken i flaggan ({option})",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Varning: kommandot {name!r} utgår.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Varning: {param_type} {name!r} utgår.{extra_message}",
    # Types
    "file": "fil",
    "directory": "mapp",
    "path": "sökväg",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}",
    "Choice({choices})": "Val({choices})",
    "{value} is not in the range {range}.": "{value} ligger inte inom {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} är inget sanningsvärde. Giltiga värden: {states}",
    "{value!r} is not a valid {number_type}.": "{value!r} är inget giltigt {number_type}.",
    "{value!r} is not a valid UUID.": "{value!r} är inget giltigt UUID.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} går inte att köra.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    # Prompts and terminal
    "Press any key to continue...": "Tryck på valfri tangent för att fortsätta …",
    "Repeat for confirmation": "Upprepa för att bekräfta",
    "Error: The two entered values do not match.": "Fel: de två värdena är inte lika.",
    "Error: invalid input": "Fel: ogiltig inmatning",
    "Unknown color {colour!r}": "Okänd färg {colour!r}",
    "Unknown standard stream '{name}'": "Okänd standardström '{name}'",
    # Mistakes in a command's own definition: a developer sees these, but in Swedish too.
    "Could not determine name for option with declarations {decls!r}":
        "Kunde inte avgöra namnet på flaggan med deklarationerna {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?":
        "Inga flaggor angavs men ett namn ({name}). Menade du ett argument, eller '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Ett argument tar exakt en deklaration, fick {length}: {decls}.",
    "Name '{name}' defined twice": "Namnet '{name}' definieras två gånger",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "Flaggan {decl!r} kan inte använda samma namn för sant och falskt.",
}
"""Click's English -> Swedish, with Click's own placeholders kept."""

PLURAL = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Oväntat extra argument ({args})", "Oväntade extra argument ({args})"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Tar {nargs} värden men 1 angavs.", "Tar {nargs} värden men {len} angavs."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Menade du {possibility}?", "(Menade du något av: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Flaggan {name!r} kräver ett värde.", "Flaggan {name!r} kräver {nargs} värden."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} är inte {choice}.", "{value!r} är inte något av {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} följer inte formatet {format}.", "{value!r} följer inget av formaten {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("{len_type} värden krävs, men {len_value} angavs.", "{len_type} värden krävs, men {len_value} angavs."),
}
"""Click's (singular, plural) -> Swedish (singular, plural)."""


OPTIONS_METAVAR = "[FLAGGOR]"
SUBCOMMAND_METAVAR = "KOMMANDO [ARGUMENT]..."
TYPE_METAVARS = {"text": "TEXT", "path": "SÖKVÄG", "integer": "HELTAL", "float": "TAL", "boolean": "JA|NEJ",
                 "filename": "FIL", "file": "FIL", "directory": "MAPP", "uuid": "UUID"}
"""Click names a value by its type in capitals (``--title TEXT``): these names are not
marked for translation, so a command's options get them as explicit metavars."""


def localise(command) -> None:
    """Swedish placeholders in a command's usage line and option list."""
    command.options_metavar = OPTIONS_METAVAR
    for parameter in command.params:
        if parameter.param_type_name == "option" and parameter.metavar is None \
                and not getattr(parameter, "is_flag", False) and parameter.type.name in TYPE_METAVARS:
            parameter.metavar = TYPE_METAVARS[parameter.type.name]


def gettext(message: str) -> str:
    return SINGULAR.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    swedish = PLURAL.get((singular, plural), (singular, plural))
    return swedish[0] if count == 1 else swedish[1]


@contextlib.contextmanager
def click_in_swedish() -> Iterator[None]:
    """Click's modules translate with the functions above until the block ends."""
    saved = []
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        for attribute, replacement in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(module, attribute):
                saved.append((module, attribute, getattr(module, attribute)))
                setattr(module, attribute, replacement)
    try:
        yield
    finally:
        for module, attribute, original in reversed(saved):
            setattr(module, attribute, original)
