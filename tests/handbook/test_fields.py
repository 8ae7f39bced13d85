"""fields.FIELDS is the one list of front-matter keys: validation, `qms fix`'s key order,
`qms schema` and `qms new` follow it, and the Document is built from what it reads."""

from __future__ import annotations

import datetime as dt
import pytest

from conftest import REPOSITORY, TODAY

from qms_tools.handbook.fields import FIELDS, FieldContext, key_order, read_fields
from qms_tools.handbook.loader import load
from qms_tools.handbook.model import Document
from qms_tools.handbook.regulations import load_laws, load_regulations
from qms_tools.handbook.settings import load_settings
from qms_tools.handbook.source import parse_source
from qms_tools.handbook.vocabulary import DocumentType
from qms_tools.lifecycle.fix import canonical_keys
from qms_tools.lifecycle.new_document import plan_new_document


@pytest.fixture(scope="module")
def settings():
    return load_settings(REPOSITORY)[0]


@pytest.fixture(scope="module")
def regulations(settings):
    return load_regulations(settings.regulations, settings.regulation_files, settings.root)


def test_every_key_has_a_document_field_and_an_example():
    attributes = {field_name for field_name in Document.__dataclass_fields__}
    for spec in FIELDS:
        assert spec.document_attribute in attributes, spec.key
        assert spec.example.startswith(f"{spec.key}: "), spec.key


def test_fix_and_schema_follow_the_order_of_fields(qms, settings, regulations):
    order = key_order(regulations)
    assert order[:3] == ["id", "title", "type"] and "sosfs" in order
    assert canonical_keys(settings) == order
    schema = qms("schema", str(REPOSITORY)).json()
    assert list(schema["properties"]) == order


@pytest.mark.parametrize("document_type", list(DocumentType))
def test_new_documents_write_their_keys_in_the_order_of_fields(document_type, regulations):
    handbook = load(REPOSITORY, dt.date.fromisoformat(TODAY)).handbook
    process = next(document for document in handbook.documents if document.is_process)
    planned = plan_new_document(handbook, document_type, "Ny rutin", process.id)
    written = list(parse_source(planned.text.encode("utf-8"), planned.path).front_matter.data)
    order = key_order(regulations)
    assert written == sorted(written, key=order.index)
    assert {"id", "type", "status", "owner", "review_date", "sosfs"} <= set(written)


def test_the_document_is_made_from_the_values_read(regulations):
    text = ("---\nid: RUT-A-001\ntype: rutin\nstatus: gällande\nowner: chef\nreview_date: 2027-01-31\n"
            "sosfs: [\"4:4\"]\nlaws: [SoL]\n---\n\n# Rubrik\n").encode("utf-8")
    source = parse_source(text, "processes/a.md")
    values, findings = read_fields(source.path, source.front_matter.data, source.front_matter.line_of,
                                   FieldContext(regulations, load_laws()))
    assert findings == []
    assert values["id"] == "RUT-A-001" and values["status"].value == "gällande"
    assert values["review_date"] == dt.date(2027, 1, 31)
    assert [reference.ref for reference in values["references"]] == ["4:4"] and [r.law_id for r in values["law_references"]] == ["SoL"]
    assert values["key_lines"] == {"id": 2, "type": 3, "status": 4, "owner": 5, "review_date": 6, "sosfs": 7,
                                   "laws": 8}


def test_today_comes_only_from_the_caller(qms):
    """No real clock in the model: --today and QMS_TODAY decide what is overdue."""
    def overdue(*args, env=None):
        result = qms("check", str(REPOSITORY), "--format", "json", *args, env=env).json()
        return [finding for finding in result["findings"] if finding["rule"] == "review.overdue"]

    late, early = overdue("--today", "2040-01-01"), overdue("--today", "2020-01-01")
    assert len(late) > len(early)
    assert overdue(env={"QMS_TODAY": "2040-01-01"}) == late and overdue(env={"QMS_TODAY": "2020-01-01"}) == early
    with pytest.raises(TypeError):
        Document("a.md", "a.md")  # type: ignore[call-arg]  # needs the review policy, which holds today
