"""The header's icons (logo, menu, light/dark switch, search, back to top) are empty
<svg> boxes that the theme's stylesheet paints through a mask (qms.css, "Icons"): each
must show, in the colour of the control it sits in, in both colour schemes and in forced
colours (Windows contrast themes), where the browser replaces backgrounds."""

from __future__ import annotations

import base64

import pytest

from .conftest import DEVICES, KEY_PAGES

pytestmark = pytest.mark.browser

VISIBLE_ICONS = """icons => icons.filter(icon => {
    const box = icon.getBoundingClientRect();
    return icon.checkVisibility({opacityProperty: true, visibilityProperty: true}) && box.x >= 0 &&
        box.right <= innerWidth && box.y >= 0 && box.bottom <= innerHeight;
}).map(icon => {
    const style = getComputedStyle(icon);
    const box = icon.getBoundingClientRect();
    return {name: icon.getAttribute("class"), mask: style.maskImage || style.webkitMaskImage,
            box: {x: box.x, y: box.y, width: box.width, height: box.height}};
})"""
# Pixels of a screenshot that stand out from its corner (the background): the icon's ink.
INK = """async source => {
    const image = new Image();
    image.src = source;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) {
        const distance = Math.abs(pixels[i] - pixels[0]) + Math.abs(pixels[i + 1] - pixels[1]) +
            Math.abs(pixels[i + 2] - pixels[2]);
        if (distance > 200) ink += 1;
    }
    return ink;
}"""


def _ink(page, box: dict) -> int:
    """How many pixels of ``box`` on the screen contrast with its corner; computed
    styles cannot tell, as the browser forces colours only when it paints."""
    png = page.screenshot(clip=box)
    return page.evaluate(INK, "data:image/png;base64," + base64.b64encode(png).decode())


@pytest.mark.parametrize("forced", ["none", "active"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", DEVICES.values(), ids=DEVICES.keys())
def test_header_icons_show_in_their_controls_text_colour(open_page, device, scheme, forced):
    page = open_page(KEY_PAGES["routine"], device, scheme=scheme)
    page.emulate_media(forced_colors=forced)
    icons = page.eval_on_selector_all(".md-header .qms-icon", VISIBLE_ICONS)
    names = {icon["name"] for icon in icons}
    switch = "weather-sunny" if scheme == "dark" else "weather-night"
    assert {"qms-icon qms-icon--magnify", f"qms-icon qms-icon--{switch}"} <= names
    for icon in icons:
        assert icon["mask"].startswith('url("data:image/svg+xml'), icon
        assert icon["box"]["width"] >= 18 and icon["box"]["height"] >= 18, icon
        # A drawn icon covers a tenth of its box or more (the magnifier's ring and handle).
        assert _ink(page, icon["box"]) > icon["box"]["width"] * icon["box"]["height"] / 10, icon


FORCED_PAINT = """icons => icons.map(icon => {
    const control = icon.closest("a, button");
    const style = getComputedStyle(icon);
    return {name: icon.getAttribute("class"), adjust: style.forcedColorAdjust, paint: style.backgroundColor,
            control: control ? getComputedStyle(control).color : null};
})"""


@pytest.mark.parametrize("device", DEVICES.values(), ids=DEVICES.keys())
def test_in_forced_colours_every_icon_is_painted_in_its_controls_colour(open_page, device):
    """Wherever an icon sits (header, drawer, footer), nested however deep in its link or
    button: the browser does not force a mask's colour, so the stylesheet must."""
    page = open_page(KEY_PAGES["register"], device)
    page.emulate_media(forced_colors="active")
    icons = page.eval_on_selector_all(".qms-icon", FORCED_PAINT)
    assert any("arrow-left" in icon["name"] for icon in icons)  # the footer's "previous" arrow
    for icon in icons:
        assert icon["adjust"] == "none", icon
        if icon["control"] is not None:
            assert icon["paint"] == icon["control"], icon
