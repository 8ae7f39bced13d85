"""The repository's own sample handbook (Ekebro kommun) is what a new user builds first:
it must pass the checker on its documented date and show every feature."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REPOSITORY, TODAY

from qms_tools.check.run import check_project
from qms_tools.handbook.vocabulary import DocumentType, ReviewState, Status


@pytest.fixture(scope="module")
def sample():
    return check_project(REPOSITORY, dt.date.fromisoformat(TODAY))


def test_sample_passes_check_without_errors(sample):
    assert sample.errors == [], "\n".join(f"{f.path}:{f.line} {f.rule} {f.message}" for f in sample.errors)


def test_sample_is_large_and_varied_enough(sample):
    documents = sample.handbook.documents
    assert len(documents) >= 40
    types = {document.type for document in documents}
    assert {DocumentType.PROCESS, DocumentType.ROUTINE, DocumentType.GOVERNING, DocumentType.CHECKLIST} <= types
    areas = {document.area for document in documents if document.is_process}
    assert len(areas) >= 4
    statuses = [document.status for document in documents]
    assert statuses.count(Status.WITHDRAWN) >= 2
    assert Status.DRAFT in statuses
    states = [document.review.state for document in documents]
    assert ReviewState.DUE_SOON in states and ReviewState.OVERDUE in states


def test_sample_covers_every_sosfs_chapter_3_to_7(sample):
    covered = {reference.chapter for document in sample.handbook.documents
               if document.status is Status.IN_FORCE for reference in document.references}
    assert {3, 4, 5, 6, 7} <= covered


def test_sample_has_the_governing_document(sample):
    governing = [d for d in sample.handbook.documents if d.type is DocumentType.GOVERNING]
    assert any("ledningssystem" in (d.title or "").lower() for d in governing)


def test_sample_has_vacant_and_departed_roles_to_show(sample):
    roles = sample.handbook.organisation.roles.values()
    today = sample.handbook.today
    assert any(role.is_vacant() for role in roles)
    assert any(role.has_departed(today) for role in roles)
