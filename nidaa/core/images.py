"""Opening images from the outside world without letting them hurt the server.

Pillow only warns about a "decompression bomb" up to 179 megapixels (see SECURITY.md); we
refuse anything over 40 megapixels outright, and truncated or corrupt files cleanly.
"""

import io
import warnings
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def open_image(source: IO[bytes]) -> Image.Image:
    """Decode an uploaded image fully, or raise ValidationError with a reason people can read."""
    data = source.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Please upload a JPEG, PNG, WebP or GIF image."))
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("This image is too large; please upload a smaller one."))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("This image is too large; please upload a smaller one.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("This file is not a readable image.")) from None
    return image
