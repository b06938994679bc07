"""The demo's pictures: flat illustrations of recognisable scenes and initials monograms,
drawn locally and filed in the "Demo images" collection."""

import io

import pytest
from PIL import Image

from clinicsite.demo.content import load_content
from clinicsite.demo.pictures import (
    DEMO_COLLECTION,
    PALETTES,
    SCENES,
    Picture,
    draw_picture,
    image_for,
    initials_of,
)

# The colours scenes use besides their palette: the wall and path, the window frame, the cross.
EXTRA_COLOURS = ("#f4efe6", "#fbfaf7", "#ffffff", "#c2462e")


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def near(pixel, colour, tolerance=18):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def drawn(picture, size=(320, 200)):
    return Image.open(io.BytesIO(draw_picture(picture, size=size))).convert("RGB")


@pytest.mark.parametrize("scene", [scene for scene in SCENES if scene != "monogram"])
def test_scenes_are_flat_shapes_in_their_palette_not_blurs(scene):
    image = drawn(Picture(title="t", seed=1, palette="lake", scene=scene), size=(400, 250))
    colours = [rgb(colour) for colour in PALETTES["lake"] + EXTRA_COLOURS]
    pixels = list(image.get_flattened_data())[::7]
    flat = sum(any(near(pixel, colour) for colour in colours) for pixel in pixels)
    # A blur is mostly in-between shades; a flat drawing is its colours but for edges.
    assert flat / len(pixels) > 0.9


def test_the_old_blurred_picture_would_fail_the_flatness_measure():
    # Guards the measure above: a smooth left-to-right blend of two palette colours.
    sky, dark = rgb(PALETTES["lake"][0]), rgb(PALETTES["lake"][-1])
    blend = [
        tuple(round(a + (b - a) * x / 99) for a, b in zip(sky, dark, strict=True))
        for x in range(100)
    ]
    colours = [rgb(colour) for colour in PALETTES["lake"] + EXTRA_COLOURS]
    assert sum(any(near(pixel, colour) for colour in colours) for pixel in blend) / 100 < 0.9


def test_portraits_are_monograms_of_each_persons_initials():
    people = load_content().people.values()
    portraits = [person.portrait for person in people]
    assert [p.scene for p in portraits] == ["monogram"] * len(portraits)
    assert {p.initials for p in portraits} == {initials_of(person.name) for person in people}
    assert initials_of("Rita Okonkwo-Hale") == "RO"
    # Distinct colours tell the people apart at a glance.
    assert len({p.palette for p in portraits}) == len(portraits)

    image = drawn(portraits[0], size=(300, 300))
    assert image.size == (300, 300)
    sky, dark = rgb(PALETTES[portraits[0].palette][0]), rgb(PALETTES[portraits[0].palette][-1])
    assert near(image.getpixel((3, 3)), sky)  # the ground
    assert near(image.getpixel((150, 40)), dark)  # the circle
    assert any(
        near(pixel, (255, 255, 255))
        for pixel in image.crop((90, 110, 210, 190)).get_flattened_data()
    )


def test_every_demo_picture_names_a_scene():
    content = load_content()
    pictures = [content.home_hero] + [
        picture for article in content.articles for picture in article.pictures.values()
    ]
    assert all(picture.scene in SCENES and picture.scene != "monogram" for picture in pictures)
    assert all("blur" not in picture.alt.lower() for picture in pictures)


def test_demo_images_are_filed_in_the_demo_collection(db):
    image = image_for(Picture(title="A test scene", seed=5, palette="moss", scene="sprout"))
    assert image.collection.name == DEMO_COLLECTION
    assert image_for(Picture(title="A test scene", seed=5, palette="moss")) == image
