"""Photos re-encoded from their pixels alone, so that nothing but the picture is kept.

A photo from a phone carries where and when it was taken (EXIF GPS), the device that took it and
sometimes a thumbnail of the uncropped original; a file can also be a valid image and an HTML page
at once (a "polyglot", with the page in a comment or after the image's end). Decoding the pixels
and encoding them again keeps none of that: no EXIF, XMP, comments, text chunks or trailing bytes.
The orientation the camera recorded is applied first and a colour profile is turned into sRGB, so
the picture looks as it did. JPEG stays JPEG, PNG stays PNG.

What is kept is at most 4,096 pixels on its longest side.

An image's header says how many pixels it has before any is decoded, so a small file that would
decode to gigabytes (a "decompression bomb") is refused before it costs anything.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageCms, ImageOps

MAX_PIXELS = 40_000_000  # a PNG is decoded whole: 40 MP is 160 MB of pixels at most
# A JPEG is decoded at 1/2, 1/4 or 1/8 scale when it is larger than we keep ("draft" mode), so a
# 48 or 64-megapixel phone photo costs no more than a 12-megapixel one. Pillow's own bomb ceiling.
MAX_JPEG_PIXELS = 89_000_000
LONGEST_SIDE = 4096  # what is kept: plenty for an officer to see the pothole
JPEG_QUALITY = 90

# Pillow's format names we accept, with the type and extension of what we write.
_FORMATS = {
    "JPEG": ("JPEG", "image/jpeg", "jpg"),
    "MPO": ("JPEG", "image/jpeg", "jpg"),  # phones' JPEG with extra pictures: the first is kept
    "PNG": ("PNG", "image/png", "png"),
}
_PNG_MODES = frozenset({"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"})
_SRGB = ImageCms.createProfile("sRGB")


class Refusal(StrEnum):
    NOT_AN_IMAGE = "not_an_image"  # not a JPEG or PNG at all
    DAMAGED = "damaged"  # says it is one, but its pixels do not decode (truncated, corrupt)
    TOO_MANY_PIXELS = "too_many_pixels"


class ImageRefused(ValueError):
    def __init__(self, reason: Refusal, pixels: int = 0, limit: int = MAX_PIXELS) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.pixels = pixels
        self.limit = limit


@dataclass(frozen=True)
class CleanImage:
    """The re-encoded bytes, and what they are."""

    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def reencode(data: bytes) -> CleanImage:
    """`data` as a fresh JPEG or PNG with no metadata; ImageRefused says why it cannot be."""
    try:
        image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])  # MPO opens as JPEG
    except Image.DecompressionBombError as error:
        raise ImageRefused(Refusal.TOO_MANY_PIXELS) from error
    except Exception as error:  # Pillow raises many kinds for what is not an image
        raise ImageRefused(Refusal.NOT_AN_IMAGE) from error
    with image:
        save_as, content_type, extension = _FORMATS[str(image.format)]
        pixels = image.width * image.height
        limit = MAX_JPEG_PIXELS if save_as == "JPEG" else MAX_PIXELS
        if pixels > limit:
            raise ImageRefused(Refusal.TOO_MANY_PIXELS, pixels, limit)
        try:
            if save_as == "JPEG":
                image.draft(image.mode, (LONGEST_SIDE, LONGEST_SIDE))
            image.load()
            picture = _upright(image)
            picture = _in_srgb(picture)
            picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            content = _encoded(picture, save_as)
        except Exception as error:  # truncated or corrupt pixel data, whatever the decoder says
            raise ImageRefused(Refusal.DAMAGED) from error
    return CleanImage(content, content_type, extension, picture.width, picture.height)


def _upright(image: Image.Image) -> Image.Image:
    """Turned as the camera's orientation tag says; a broken tag leaves the image as it is."""
    try:
        return ImageOps.exif_transpose(image) or image
    except Exception:  # a malformed EXIF block is no reason to refuse the photo
        return image


def _in_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from the photo's own profile, so the profile need not be kept."""
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels as they are
        else:
            if converted is not None:
                return converted
    return image


def _encoded(image: Image.Image, save_as: str) -> bytes:
    transparency = image.info.get("transparency") if image.mode == "P" else None
    if save_as == "JPEG" and image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    elif save_as == "PNG" and image.mode not in _PNG_MODES:
        image = image.convert("RGBA")
    image.info = {}  # nothing read from the file is written back: no EXIF, XMP, ICC or text
    out = io.BytesIO()
    if save_as == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif transparency is not None:
        image.save(out, "PNG", transparency=transparency)
    else:
        image.save(out, "PNG")
    return out.getvalue()
