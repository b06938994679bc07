"""The demo's pictures: flat illustrations drawn with Pillow at seed time.

Nothing is downloaded, so seeding works offline and the demo carries no one else's
photographs. Each picture is a simple scene a clinic's site might show (hills at sunrise, a
sprouting leaf, the clinic, a quiet treatment room, a lake, a path), or, for a person, a
monogram of their initials. The same picture data always draws the same picture.

Every demo image goes into the "Demo images" collection, so editors can find and replace
them, and `manage.py prelaunch` can tell they are still there.
"""

import io
import math
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

# The collection the demo's images are filed in (prelaunch lists what is left in it).
DEMO_COLLECTION = "Demo images"

# Calm palettes: sky, far ground, near ground, accent (sun, leaf, door), dark (lines, text).
PALETTES = {
    "dawn": ("#f6e7d2", "#9cc3bd", "#5f9c95", "#e8a35c", "#1d5c58"),
    "lake": ("#dcecef", "#a9cfc8", "#3f7f78", "#f2c46b", "#133f3c"),
    "dusk": ("#ece3f0", "#b7a6cc", "#6f7fa8", "#f0b27a", "#2f3557"),
    "moss": ("#eef1e2", "#b9cf98", "#5f8c5a", "#e9b949", "#29452b"),
}
SCENES = ("hills", "sprout", "clinic", "room", "lake", "path", "monogram")


@dataclass(frozen=True)
class Picture:
    """A demo picture: `scene` (one of SCENES) drawn in `palette` and saved as the Wagtail
    image titled `title`; `seed` varies the details; `initials` are a monogram's letters;
    `alt` describes it for people who cannot see it, `caption` goes under it in a body."""

    title: str
    seed: int
    palette: str
    scene: str = "hills"
    initials: str = ""
    alt: str = ""
    caption: str = ""


def initials_of(name):
    """The first letters of a name's first and last words, upper-case: "Rita Okonkwo-Hale"
    gives "RO"."""
    words = name.split()
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def draw_picture(picture, size=(1600, 1000)):
    """JPEG bytes of `picture` (KeyError for an unknown palette, ValueError for a scene not
    in SCENES). Monograms are square, at the size's height."""
    colours = PALETTES[picture.palette]
    rng = random.Random(picture.seed)  # noqa: S311 (details of a drawing, not secrets)
    if picture.scene == "monogram":
        image = draw_monogram(picture.initials, colours, size[1])
    else:
        try:
            scene = SCENE_PAINTERS[picture.scene]
        except KeyError:
            raise ValueError(f"unknown scene {picture.scene!r}") from None
        image = PILImage.new("RGB", size, colours[0])
        scene(ImageDraw.Draw(image), size, colours, rng)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


# --- Scenes: each paints on `draw` a picture of `size` in `colours` ------------------------


def sun(draw, centre, radius, colour):
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def hill(draw, size, top, height, colour, shift=0.0):
    """A smooth hill line across the picture, its crest `height` above `top`, filled below."""
    width, bottom = size
    points = [
        (x, top - height * (0.5 + 0.5 * math.sin((x / width) * math.pi * 1.4 + shift)))
        for x in range(0, width + 40, 40)
    ]
    draw.polygon([(0, bottom), *points, (width, bottom)], fill=colour)


def paint_hills(draw, size, colours, rng):
    sky, far, near, accent, _ = colours
    width, height = size
    sun(draw, (int(width * rng.uniform(0.6, 0.75)), int(height * 0.36)), height // 7, accent)
    hill(draw, size, height * 0.62, height * 0.16, far, shift=rng.uniform(0, 2))
    hill(draw, size, height * 0.78, height * 0.12, near, shift=rng.uniform(2, 4))


def paint_lake(draw, size, colours, rng):
    sky, far, near, accent, dark = colours
    width, height = size
    horizon = int(height * 0.58)
    sun(draw, (int(width * rng.uniform(0.3, 0.45)), int(height * 0.3)), height // 8, accent)
    hill(draw, size, horizon, height * 0.12, far, shift=rng.uniform(0, 3))
    draw.rectangle((0, horizon, width, height), fill=near)
    # The sun's reflection: a few short bands of light on the water.
    x = int(width * 0.38)
    for band in range(5):
        y = horizon + 50 + band * 70
        half = 160 - band * 25
        draw.rounded_rectangle((x - half, y, x + half, y + 14), radius=7, fill=accent)


def paint_path(draw, size, colours, rng):
    sky, far, near, accent, _ = colours
    width, height = size
    sun(draw, (int(width * 0.5), int(height * 0.38)), height // 9, accent)
    hill(draw, size, height * 0.6, height * 0.1, far, shift=rng.uniform(0, 3))
    hill(draw, size, height * 0.72, height * 0.08, near, shift=rng.uniform(3, 6))
    # A path that narrows towards the horizon, winding once.
    left = [(width * 0.30, height), (width * 0.46, height * 0.85), (width * 0.49, height * 0.66)]
    right = [(width * 0.51, height * 0.66), (width * 0.62, height * 0.85), (width * 0.58, height)]
    draw.polygon(left + right, fill="#f4efe6")


def paint_sprout(draw, size, colours, rng):
    sky, far, near, accent, dark = colours
    width, height = size
    ground = int(height * 0.72)
    sun(draw, (int(width * 0.8), int(height * 0.22)), height // 10, accent)
    draw.rectangle((0, ground, width, height), fill=far)
    draw.ellipse((width * 0.35, ground - 60, width * 0.65, ground + 60), fill=near)
    stem_x, stem_top = width // 2, ground - 330
    draw.line((stem_x, ground - 20, stem_x, stem_top), fill=dark, width=22)
    leaf(draw, (stem_x, stem_top + 40), 260, 120, 200 + rng.uniform(-5, 5), near)
    leaf(draw, (stem_x, stem_top), 300, 130, -25 + rng.uniform(-5, 5), dark)


def leaf(draw, base, length, breadth, angle, colour):
    """A pointed leaf growing from `base` at `angle` degrees (0 points right, clockwise)."""
    turn = math.radians(angle)
    steps = [i / 20 for i in range(21)]
    side = [(length * t, breadth / 2 * math.sin(math.pi * t)) for t in steps]
    outline = side + [(x, -y) for x, y in reversed(side)]
    draw.polygon(
        [
            (
                base[0] + x * math.cos(turn) - y * math.sin(turn),
                base[1] + x * math.sin(turn) + y * math.cos(turn),
            )
            for x, y in outline
        ],
        fill=colour,
    )


def paint_clinic(draw, size, colours, rng):
    sky, far, near, accent, dark = colours
    width, height = size
    ground = int(height * 0.8)
    sun(draw, (int(width * 0.15), int(height * 0.2)), height // 12, accent)
    draw.rectangle((0, ground, width, height), fill=near)
    left, right, top = int(width * 0.28), int(width * 0.72), int(height * 0.3)
    draw.rectangle((left, top, right, ground), fill="#fbfaf7", outline=dark, width=8)
    draw.rectangle((left - 20, top - 40, right + 20, top), fill=dark)
    # Windows in two rows, and a door under a medical cross.
    for row in range(2):
        for column in range(4):
            if row == 1 and column in (1, 2):
                continue
            x = left + 60 + column * ((right - left - 120) // 4 + 8)
            y = top + 60 + row * 180
            draw.rectangle((x, y, x + 110, y + 110), fill=far, outline=dark, width=5)
    door_x = (left + right) // 2
    draw.rectangle(
        (door_x - 70, ground - 230, door_x + 70, ground), fill=accent, outline=dark, width=6
    )
    draw.rectangle((door_x - 14, ground - 320, door_x + 14, ground - 244), fill="#c2462e")
    draw.rectangle((door_x - 38, ground - 296, door_x + 38, ground - 268), fill="#c2462e")
    for tree_x in (int(width * 0.14), int(width * 0.86)):
        draw.rectangle((tree_x - 12, ground - 120, tree_x + 12, ground), fill=dark)
        draw.ellipse((tree_x - 90, ground - 330, tree_x + 90, ground - 100), fill=far)


def paint_room(draw, size, colours, rng):
    sky, far, near, accent, dark = colours
    width, height = size
    floor = int(height * 0.76)
    draw.rectangle((0, 0, width, floor), fill="#f4efe6")
    draw.rectangle((0, floor, width, height), fill=far)
    # A window onto hills and the sun.
    wx0, wy0, wx1, wy1 = (
        int(width * 0.52),
        int(height * 0.14),
        int(width * 0.88),
        int(height * 0.56),
    )
    draw.rectangle((wx0, wy0, wx1, wy1), fill=sky)
    sun(draw, (int(wx0 + (wx1 - wx0) * 0.7), int(wy0 + (wy1 - wy0) * 0.35)), 45, accent)
    draw.polygon(
        [(wx0, wy1), (wx0, wy1 - 90), ((wx0 + wx1) // 2, wy1 - 150), (wx1, wy1 - 70), (wx1, wy1)],
        fill=near,
    )
    draw.rectangle((wx0, wy0, wx1, wy1), outline=dark, width=14)
    draw.line(((wx0 + wx1) // 2, wy0, (wx0 + wx1) // 2, wy1), fill=dark, width=10)
    # A reclining treatment chair: seat, back and footrest, on a base.
    cx = int(width * 0.28)
    draw.rounded_rectangle((cx - 200, floor - 230, cx + 150, floor - 150), radius=30, fill=near)
    draw.polygon(
        [
            (cx - 200, floor - 150),
            (cx - 330, floor - 470),
            (cx - 250, floor - 500),
            (cx - 120, floor - 210),
        ],
        fill=near,
    )
    draw.rounded_rectangle((cx + 120, floor - 200, cx + 330, floor - 140), radius=25, fill=near)
    draw.rectangle((cx - 40, floor - 150, cx + 10, floor), fill=dark)
    # A plant in a pot beside it.
    px = int(width * 0.9)
    draw.polygon(
        [(px - 50, floor), (px - 65, floor - 110), (px + 65, floor - 110), (px + 50, floor)],
        fill=accent,
    )
    for angle in (-40, -10, 20, 45):
        tip = (
            px + int(140 * math.sin(math.radians(angle))),
            floor - 110 - int(180 * math.cos(math.radians(angle))),
        )
        draw.line((px, floor - 110, *tip), fill=dark, width=14)


SCENE_PAINTERS = {
    "hills": paint_hills,
    "sprout": paint_sprout,
    "clinic": paint_clinic,
    "room": paint_room,
    "lake": paint_lake,
    "path": paint_path,
}


def draw_monogram(initials, colours, side):
    """A square portrait placeholder: `initials` in white on a circle of the palette's dark
    colour (white on each palette's dark is above 9:1), on its sky colour."""
    sky, *_, dark = colours
    image = PILImage.new("RGB", (side, side), sky)
    draw = ImageDraw.Draw(image)
    margin = side // 12
    draw.ellipse((margin, margin, side - margin, side - margin), fill=dark)
    font = ImageFont.load_default(size=side // 3)
    draw.text((side / 2, side / 2), initials, fill="#ffffff", font=font, anchor="mm")
    return image


def demo_collection():
    """The "Demo images" collection under the root collection, created the first time."""
    existing = Collection.objects.filter(name=DEMO_COLLECTION).first()
    return existing or Collection.get_first_root_node().add_child(name=DEMO_COLLECTION)


def image_for(picture):
    """The Wagtail image titled `picture.title`, drawn and saved in the demo collection the
    first time it is asked for; an image of that title that already exists (an editor may
    have replaced the file) is returned as it is."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=picture.title).first()
    if image is None:
        image = image_model(title=picture.title, collection=demo_collection())
        image.file = ImageFile(io.BytesIO(draw_picture(picture)), name=f"demo-{picture.seed}.jpg")
        image.save()
    return image
