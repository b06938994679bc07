"""The demo's pictures: calm abstract shapes drawn with Pillow at seed time.

Nothing is downloaded, so seeding works offline and the demo carries no one else's
photographs. The same seed always draws the same picture.
"""

import io
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

# Soft, low-contrast palettes: (ground, shapes...).
PALETTES = {
    "dawn": ("#f3ede2", "#e7c9a9", "#9cc3bd", "#1d5c58"),
    "lake": ("#e3efed", "#a9cfc8", "#5f9c95", "#f0dcc0"),
    "dusk": ("#efe6ef", "#c8b6d6", "#8fb3c9", "#f3d9b1"),
    "moss": ("#eef1e6", "#c5d4a8", "#7fa38a", "#e9cfa2"),
}


@dataclass(frozen=True)
class Picture:
    """A demo picture: drawn once from `seed` in `palette` and saved as the Wagtail image
    titled `title`; `alt` describes it for people who cannot see it, `caption` goes under it
    in an article's body."""

    title: str
    seed: int
    palette: str
    alt: str = ""
    caption: str = ""


def draw_picture(seed, palette, size=(1600, 1000)):
    """JPEG bytes of blurred circles in `palette` (a key of PALETTES; KeyError otherwise)."""
    rng = random.Random(seed)  # noqa: S311 (shapes in a picture, not secrets)
    ground, *shapes = PALETTES[palette]
    picture = PILImage.new("RGB", size, ground)
    layer = PILImage.new("RGB", size, ground)
    draw = ImageDraw.Draw(layer)
    width, height = size
    for _ in range(9):
        radius = rng.randint(height // 5, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rng.choice(shapes))
    layer = layer.filter(ImageFilter.GaussianBlur(radius=height // 12))
    picture = PILImage.blend(picture, layer, 0.85)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def image_for(picture):
    """The Wagtail image titled `picture.title`, drawn and saved the first time it is asked
    for; an image of that title that already exists (an editor may have replaced the file)
    is returned as it is."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=picture.title).first()
    if image is None:
        image = image_model(title=picture.title)
        image.file = ImageFile(
            io.BytesIO(draw_picture(picture.seed, picture.palette)),
            name=f"demo-{picture.seed}.jpg",
        )
        image.save()
    return image
