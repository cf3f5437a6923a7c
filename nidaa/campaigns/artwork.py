"""Campaign artwork: the demo picture, drawn here, and re-encoding of uploads.

Every image is re-encoded from its pixels, so nothing an upload carried (EXIF, GPS, XMP,
device names) survives into the copy the public sees.
"""

import io

from PIL import Image, ImageDraw, ImageFilter

MAX_WIDTH = 1200


def demo_artwork(width: int = 1200, height: int = 630) -> bytes:
    """A candle in the night: the demo campaign's share picture (Open Graph size)."""
    image = Image.new("RGB", (width, height), (16, 28, 58))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.78)
    draw.rectangle([0, horizon, width, horizon + 4], fill=(163, 39, 31))
    cx = width // 2
    glow = Image.new("RGB", (width, height), (0, 0, 0))
    ImageDraw.Draw(glow).ellipse([cx - 160, 120, cx + 160, 440], fill=(120, 80, 20))
    image = Image.blend(image, glow.filter(ImageFilter.GaussianBlur(70)), 0.35)
    draw = ImageDraw.Draw(image)
    draw.rectangle([cx - 28, 300, cx + 28, horizon], fill=(236, 229, 214))
    draw.line([cx, 300, cx, 282], fill=(40, 40, 40), width=3)
    draw.ellipse([cx - 16, 214, cx + 16, 290], fill=(255, 196, 64))
    draw.ellipse([cx - 7, 246, cx + 7, 286], fill=(255, 244, 200))
    return encode(image)


def encode(image: Image.Image) -> bytes:
    """Re-encode as a metadata-free JPEG no wider than MAX_WIDTH."""
    image = image.convert("RGB")
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()
