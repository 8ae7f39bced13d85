"""Contact details without GitHub (issue 19): a functional mailbox and phone per role in
the registry, a handbook-wide contact and the readers' error channel in qms.yml. Every
refused value is a Swedish finding naming file and line; nothing unsafe reaches a link."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY
from hypothesis import given, settings as hypothesis_settings, strategies as st

from qms_tools.check.run import check_project
from qms_tools.handbook.contact_details import ContactDetails, is_email_address, is_phone_number
from qms_tools.handbook.settings import load_settings


def _append(root, text: str) -> None:
    with (root / "qms.yml").open("a", encoding="utf-8") as settings:
        settings.write(text)


def test_handbook_contact_and_mail_channel_are_read(project):
    root = project("minimal")
    _append(root, "contact:\n  name: Kvalitetsenheten\n  email: kvalitet@kommun.example\n  phone: 08-465 004 00\n"
                  "feedback:\n  email: fel@kommun.example\n")
    settings, findings = load_settings(root)
    assert findings == []
    assert settings.contact == ContactDetails("kvalitet@kommun.example", "08-465 004 00", "Kvalitetsenheten")
    assert settings.contact.tel == "0846500400"
    assert settings.feedback.email == "fel@kommun.example" and settings.feedback.form is None


def test_form_channel_with_its_parameter(project):
    root = project("minimal")
    _append(root, "feedback:\n  form: https://www.kommun.example/synpunkt?typ=handbok\n  parameter: dok\n")
    settings, findings = load_settings(root)
    assert findings == []
    assert (settings.feedback.form, settings.feedback.parameter) == ("https://www.kommun.example/synpunkt?typ=handbok",
                                                                     "dok")


@pytest.mark.parametrize("text, line, words", [
    ("contact:\n  email: Kvalitet <k@kommun.example>\n", 7, "är ingen e-postadress"),
    ("contact:\n  phone: ring växeln\n", 7, "är inget telefonnummer"),
    ("contact:\n  epost: k@kommun.example\n", 7, "okänd nyckel 'epost'"),
    ("feedback:\n  email: k@kommun.example\n  form: https://kommun.example/f\n", 6, "antingen email eller form"),
    ("feedback:\n  form: javascript:alert(1)\n", 7, "börjar med https://"),
    ("feedback:\n  form: https://kommun.example/f\n  parameter: 'a b'\n", 8, "inget parameternamn"),
    ("feedback: kvalitet@kommun.example\n", 6, "feedback: {email: kvalitet@kommun.se}"),
])
def test_bad_settings_are_refused_in_swedish_with_their_line(project, text, line, words):
    root = project("minimal")
    _append(root, text)
    settings, findings = load_settings(root)
    (finding,) = findings
    assert (finding.path, finding.line, finding.rule) == ("qms.yml", line, "settings.value")
    assert words in finding.message
    assert settings.feedback is None or settings.feedback.form is None
    assert settings.contact is None or not settings.contact.email or "<" not in settings.contact.email


def test_registry_contact_is_read_and_checked_with_file_and_line(project):
    root = project("minimal")
    registry = root / "processes" / "organisation.yml"
    text = registry.read_text(encoding="utf-8")
    lines = text.splitlines()
    # The first role gets good details, the second a phone number that is a name.
    first = next(index for index, line in enumerate(lines) if "github: [anna-a]" in line)
    lines[first + 1:first + 1] = ["  - id: extra-roll", "    title: Extra", "    contact:",
                                  "      email: extra@kommun.example", "      phone: '+46 8 465 004 01'"]
    text = "\n".join(lines) + "\n"
    text = text.replace("github: [bo-b]", "github: [bo-b]\n    contact: {phone: Bo Berg}")
    registry.write_text(text, encoding="utf-8")
    result = check_project(root, dt.date.fromisoformat(TODAY))
    (finding,) = [finding for finding in result.findings if finding.rule == "organisation.contact"]
    assert finding.path == "processes/organisation.yml"
    assert registry.read_text(encoding="utf-8").splitlines()[finding.line - 1].strip().startswith("contact:")
    assert "'Bo Berg' är inget telefonnummer" in finding.message
    role = result.handbook.organisation.roles["extra-roll"]
    assert role.contact == ContactDetails("extra@kommun.example", "+46 8 465 004 01")
    assert role.contact.tel == "+46846500401"


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_an_accepted_value_is_safe_in_a_link(value):
    """Whatever is accepted as a mailbox or phone can stand in href="mailto:…"/"tel:…"
    without quoting: no space, quote, angle bracket or control character."""
    for accepted in (is_email_address(value), is_phone_number(value)):
        if accepted:
            assert not any(character in value for character in " \"'<>\n\r\t`") or is_phone_number(value)
    if is_phone_number(value):
        tel = ContactDetails(phone=value).tel
        assert tel and all(character.isdigit() or character == "+" for character in tel)
        assert not any(character in value for character in "\"'<>\n\r\t`")
