"""How staff reach a person without a GitHub account: a functional mailbox and a phone
number, per role in the registry and once for the whole handbook in ``qms.yml``.

Both files read them with this one parser, so a mailbox is judged alike wherever it is
written, and a value that would be unsafe in a ``mailto:`` or ``tel:`` link on every
page (a space, a quote, a control character, a second address) is refused with a
Swedish message naming the key, never published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from qms_tools.handbook.plain_text import has_control_characters, is_email_owner, printable

_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{4,24}")


@dataclass(frozen=True)
class ContactDetails:
    """Where a role (or the handbook's editors) can be reached."""

    email: str | None = None
    """A functional mailbox (the role's, not a person's): it outlives holders."""
    phone: str | None = None
    """As written (``08-465 004 01``); ``tel`` is the dialable form."""
    name: str | None = None
    """Who answers at these details, when it is not a role: "Kvalitetsenheten"."""

    @property
    def tel(self) -> str | None:
        return re.sub(r"[^0-9+]", "", self.phone) if self.phone else None

    def __bool__(self) -> bool:
        return bool(self.email or self.phone)


def is_email_address(value: str) -> bool:
    return is_email_owner(value)


def is_phone_number(value: str) -> bool:
    return bool(_PHONE.fullmatch(value)) and sum(character.isdigit() for character in value) >= 5


def parse_contact(value: object, refuse: Callable[[tuple[str, ...], str], None], what: str,
                  named: bool = False) -> ContactDetails | None:
    """``contact: {email: …, phone: …}`` (and ``name`` when ``named``) as details, or None.

    ``refuse(keys, message)`` receives the key path below ``contact`` and a Swedish
    message for each refused value; ``what`` names the owner of the details in it
    ("Rollen 'mas'", "contact i qms.yml")."""
    if value is None:
        return None
    known = ("name", "email", "phone") if named else ("email", "phone")
    if not isinstance(value, dict):
        refuse((), f"{what}: contact ska ha nycklarna {' och '.join(known)}, t.ex. "
                    f"contact: {{email: hemtjansten@kommun.se, phone: 08-123 456 00}}.")
        return None
    for key in value:
        if key not in known:
            refuse((str(key),), f"{what}: okänd nyckel '{printable(str(key))}' under contact. "
                                f"Kända nycklar: {', '.join(known)}.")
    fields: dict[str, str | None] = {}
    for key in known:
        raw = value.get(key)
        if raw is None:
            continue
        if not isinstance(raw, (str, int)) or isinstance(raw, bool):
            refuse((key,), f"{what}: contact.{key} ska vara en text.")
            continue
        text = str(raw).strip()
        if has_control_characters(text):
            refuse((key,), f"{what}: contact.{key} innehåller ett osynligt styrtecken ('{printable(text)}'). "
                           f"Skriv om värdet för hand.")
        elif key == "email" and not is_email_address(text):
            refuse((key,), f"{what}: '{text}' är ingen e-postadress. Skriv en funktionsbrevlåda som "
                           f"hemtjansten@kommun.se, utan namn, mellanslag eller 'mailto:'.")
        elif key == "phone" and not is_phone_number(text):
            refuse((key,), f"{what}: '{text}' är inget telefonnummer. Skriv siffror med mellanslag eller "
                           f"bindestreck, t.ex. 08-123 456 00 eller +46 8 123 456 00.")
        elif text:
            fields[key] = text
    details = ContactDetails(**fields)
    return details if details or details.name else None


@dataclass(frozen=True)
class Feedback:
    """Where a reader without a GitHub account reports an error in a document: a mailbox
    (a ``mailto:`` link naming the document) or the organisation's own form."""

    email: str | None = None
    form: str | None = None
    """The form's address; the document id is added as the query parameter ``parameter``."""
    parameter: str = "dokument"


_PARAMETER = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def parse_feedback(value: object, refuse: Callable[[tuple[str, ...], str], None],
                   is_web_address: Callable[[str], bool]) -> Feedback | None:
    """``feedback: {email: …}`` or ``feedback: {form: https://…, parameter: dokument}``."""
    if value is None:
        return None
    example = ("Skriv t.ex. feedback: {email: kvalitet@kommun.se} eller "
               "feedback: {form: https://www.kommun.se/synpunkter, parameter: dokument}.")
    if not isinstance(value, dict):
        refuse((), f"feedback ska säga vart läsare skickar felrapporter. {example}")
        return None
    for key in value:
        if key not in ("email", "form", "parameter"):
            refuse((str(key),), f"feedback: okänd nyckel '{printable(str(key))}'. Kända nycklar: email, form, "
                                f"parameter.")
    email, form, parameter = value.get("email"), value.get("form"), value.get("parameter", "dokument")
    if (email is None) == (form is None):
        refuse((), f"feedback ska ha antingen email eller form, inte {'båda' if email is not None else 'ingen'}. "
                   f"{example}")
        return None
    if email is not None:
        if not isinstance(email, str) or has_control_characters(email) or not is_email_address(email.strip()):
            refuse(("email",), f"feedback.email: '{printable(str(email))}' är ingen e-postadress. Skriv en "
                               f"funktionsbrevlåda som kvalitet@kommun.se, utan 'mailto:'.")
            return None
        return Feedback(email=email.strip())
    if not isinstance(form, str) or not is_web_address(form):
        refuse(("form",), f"feedback.form ska vara formulärets webbadress som börjar med https://, utan "
                          f"mellanslag och citattecken; '{printable(str(form))}' används inte.")
        return None
    if not isinstance(parameter, str) or not _PARAMETER.fullmatch(parameter):
        refuse(("parameter",), f"feedback.parameter '{printable(str(parameter))}' är inget parameternamn. "
                               f"Skriv bokstäver a–z, siffror, _ eller -, t.ex. dokument.")
        return None
    return Feedback(form=form, parameter=parameter)
