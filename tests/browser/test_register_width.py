"""The register's seven columns fit a 1280-px desktop (issue 19): no column is clipped
and nothing scrolls sideways, measured on the built sample handbook."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP

pytestmark = pytest.mark.browser


def test_the_register_fits_1280_px_without_clipping_its_last_column(open_page):
    page = open_page("register/", DESKTOP)
    fit = page.evaluate("""() => {
        const table = document.querySelector('.qms-register table');
        const content = document.querySelector('article').getBoundingClientRect();
        const last = [...table.querySelectorAll('thead th')].pop().getBoundingClientRect();
        const cells = [...table.querySelectorAll('tbody td:last-child')].map(cell => cell.getBoundingClientRect().right);
        return {scroll: table.parentElement.scrollWidth - table.parentElement.clientWidth,
                lastRight: last.right, cellsRight: Math.max(...cells), contentRight: content.right,
                pageScroll: document.documentElement.scrollWidth - innerWidth};
    }""")
    assert DESKTOP.width == 1280
    assert fit["scroll"] <= 0 and fit["pageScroll"] <= 0
    assert fit["lastRight"] <= fit["contentRight"] + 0.5 and fit["cellsRight"] <= fit["contentRight"] + 0.5
