"""`qms schema` publishes the front-matter rules for editors' IDEs; the schema must
agree with the checker on real documents."""

from __future__ import annotations

import jsonschema
import pytest

from conftest import FIXTURES, REPOSITORY, TODAY

from qms_tools.handbook.source import read_source


def front_matter(path):
    source = read_source(path, path.name)
    return source.front_matter.data


@pytest.fixture
def schema(qms):
    result = qms("schema", str(FIXTURES / "minimal"))
    assert result.exit_code == 0
    return result.json()


def test_valid_documents_validate(schema):
    for path in sorted((FIXTURES / "minimal/processes").rglob("*.md")):
        jsonschema.validate(front_matter(path), schema)


@pytest.mark.parametrize("name, fragment", [
    ("falt-fel.md", "reviewd"),
    ("datum.md", "is not of type 'array'"),
])
def test_broken_documents_fail_validation(schema, name, fragment):
    with pytest.raises(jsonschema.ValidationError) as error:
        jsonschema.validate(front_matter(FIXTURES / "broken/processes/omr" / name), schema)
    assert fragment in str(error.value)


def test_schema_lists_project_roles_and_sosfs_references(schema):
    assert schema["properties"]["owner"]["enum"] == ["enhetschef", "processagare", "slutat-roll", "vakant-roll"]
    assert "5:3" in schema["properties"]["sosfs"]["items"]["enum"]
    assert schema["then"]["required"] == ["review_date", "sosfs"]


def test_schema_written_to_file(qms, tmp_path):
    target = tmp_path / "schema.json"
    result = qms("schema", str(FIXTURES / "minimal"), "--output", str(target))
    assert result.exit_code == 0 and target.read_text(encoding="utf-8").startswith("{")
