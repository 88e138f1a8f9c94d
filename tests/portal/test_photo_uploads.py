"""Photos sent with a report keep their picture and nothing else: no place, no camera, no HTML.

Every photo here is a real JPEG or PNG made with Pillow and sent through the report page; what
is checked is the file stored on disk, opened again as staff would open it.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from civicdesk.cases.models import Case, CaseAttachment
from civicdesk.councils.models import Council
from tests.portal.test_report_page import MISSED, missed_bin, written

RED, BLUE = (220, 0, 0), (0, 0, 220)
HTML = b"<html><script>alert(document.cookie)</script></html>"


def _two_halves(mode: str = "RGB") -> Image.Image:
    """40 wide, 20 high: red on the left, blue on the right."""
    image = Image.new(mode, (40, 20), RED)
    image.paste(Image.new(mode, (20, 20), BLUE), (20, 0))
    return image


def _exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Google"
    exif[ExifTags.Base.Model] = "Pixel 8"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 38.0, 1.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (1.0, 8.0, 2.25)
    return exif


def _jpeg(image: Image.Image | None = None, **save: Any) -> bytes:
    out = io.BytesIO()
    (image or _two_halves()).save(out, "JPEG", quality=95, **save)
    return out.getvalue()


def _png(image: Image.Image | None = None, **save: Any) -> bytes:
    out = io.BytesIO()
    (image or _two_halves()).save(out, "PNG", **save)
    return out.getvalue()


def _send(content: bytes, name: str = "IMG_0001.jpg", kind: str = "image/jpeg") -> str:
    photo = SimpleUploadedFile(name, content, kind)
    response = Client().post(MISSED, {**missed_bin(), "photo": photo})
    return response.content.decode() if response.status_code == 200 else ""


def _stored(media: Path) -> tuple[CaseAttachment, bytes]:
    attachment = CaseAttachment.objects.get()
    content = (media / str(attachment.file.name)).read_bytes()
    assert attachment.size == len(content)  # the size is that of what is kept
    return attachment, content


def _no_metadata(content: bytes) -> None:
    with Image.open(io.BytesIO(content)) as image:
        assert dict(image.getexif()) == {}
        assert not (image.info.keys() & {"exif", "xmp", "icc_profile", "comment", "Comment"})
    for trace in (b"Exif", b"Pixel 8", b"Google", b"http://ns.adobe.com/xap", b"<script", b"<html"):
        assert trace not in content


@pytest.fixture
def reporting(questions: Council) -> Council:
    return questions


def test_a_jpeg_from_a_phone_loses_its_place_and_camera_and_keeps_its_picture(
    reporting: Council, media: Path
) -> None:
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        b'exif:GPSLatitude="52,38.025N"/></rdf:RDF></x:xmpmeta>'
    )
    sent = _jpeg(exif=_exif_with_gps(), xmp=xmp)
    with Image.open(io.BytesIO(sent)) as original:  # the test photo does carry all of it
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert _send(sent) == ""
    attachment, content = _stored(media)
    assert attachment.content_type == "image/jpeg"
    assert str(attachment.file.name).endswith(".jpg")
    _no_metadata(content)
    with Image.open(io.BytesIO(content)) as kept:
        assert (kept.format, kept.size) == ("JPEG", (40, 20))
        assert _near(kept.convert("RGB").getpixel((5, 10)), RED)
        assert _near(kept.convert("RGB").getpixel((35, 10)), BLUE)


def test_a_photo_taken_sideways_is_stored_the_right_way_up(reporting: Council, media: Path) -> None:
    # Orientation 6: the camera was turned, and viewers rotate the picture 90° clockwise.
    assert _send(_jpeg(exif=_exif_with_gps(orientation=6))) == ""
    _, content = _stored(media)
    _no_metadata(content)  # no orientation tag left to turn it a second time
    with Image.open(io.BytesIO(content)) as kept:
        assert kept.size == (20, 40)
        assert _near(kept.convert("RGB").getpixel((10, 5)), RED)  # what was left is now on top
        assert _near(kept.convert("RGB").getpixel((10, 35)), BLUE)


def test_a_48_megapixel_phone_photo_is_kept_at_4096_pixels_across(
    reporting: Council, media: Path
) -> None:
    photo = Image.new("RGB", (8000, 6000), RED)
    photo.paste(Image.new("RGB", (4000, 6000), BLUE), (4000, 0))
    assert _send(_jpeg(photo, exif=_exif_with_gps())) == ""
    _, content = _stored(media)
    _no_metadata(content)
    with Image.open(io.BytesIO(content)) as kept:
        assert kept.size == (4096, 3072)
        assert _near(kept.convert("RGB").getpixel((100, 1500)), RED)
        assert _near(kept.convert("RGB").getpixel((4000, 1500)), BLUE)


@pytest.mark.parametrize(
    "polyglot",
    [
        pytest.param(_jpeg(comment=HTML), id="html-in-a-comment"),
        pytest.param(_jpeg() + HTML, id="html-after-the-image"),
        pytest.param(_png() + HTML, id="html-after-a-png"),
    ],
)
def test_a_photo_that_is_also_a_web_page_is_stored_as_a_photo_only(
    reporting: Council, media: Path, polyglot: bytes
) -> None:
    assert HTML in polyglot
    assert _send(polyglot) == ""
    _, content = _stored(media)
    _no_metadata(content)
    with Image.open(io.BytesIO(content)) as kept:
        kept.load()
        assert kept.size == (40, 20)


def test_a_png_loses_its_text_exif_and_colour_profile_and_stays_a_png(
    reporting: Council, media: Path
) -> None:
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", HTML.decode())
    text.add_text("Author", "Ada Lovelace, 12 High Street")
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    sent = _png(pnginfo=text, exif=_exif_with_gps(), icc_profile=srgb)
    assert _send(sent, name="screenshot.png", kind="image/png") == ""
    attachment, content = _stored(media)
    assert attachment.content_type == "image/png"
    assert str(attachment.file.name).endswith(".png")
    _no_metadata(content)
    assert b"Ada Lovelace" not in content
    assert b"iCCP" not in content
    with Image.open(io.BytesIO(content)) as kept:
        assert (kept.format, kept.size) == ("PNG", (40, 20))
        assert kept.convert("RGB").getpixel((5, 10)) == RED


def test_a_transparent_png_stays_transparent(reporting: Council, media: Path) -> None:
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (5, 10), (*RED, 255)), (0, 0))
    assert _send(_png(image), name="marked.png", kind="image/png") == ""
    _, content = _stored(media)
    with Image.open(io.BytesIO(content)) as kept:
        assert kept.mode == "RGBA"
        assert kept.getpixel((2, 5)) == (*RED, 255)
        assert kept.getpixel((8, 5)) == (0, 0, 0, 0)


def test_a_photo_with_a_colour_profile_keeps_its_colours_without_the_profile(
    reporting: Council, media: Path
) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    grey = Image.new("RGB", (16, 16), (128, 128, 128))
    assert _send(_jpeg(grey, icc_profile=srgb.tobytes())) == ""
    _, content = _stored(media)
    _no_metadata(content)
    with Image.open(io.BytesIO(content)) as kept:
        assert _near(kept.convert("RGB").getpixel((8, 8)), (128, 128, 128))


def _near(pixel: Any, colour: tuple[int, int, int], within: int = 24) -> bool:
    return all(abs(a - b) <= within for a, b in zip(pixel, colour, strict=True))


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height`, with one row of data: a few hundred bytes."""
    real = _png(Image.new("L", (1, 1)))
    ihdr = struct.pack(">II", width, height) + real[24:29]
    chunk = b"IHDR" + ihdr
    return real[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + real[33:]


_CUT_SHORT = _jpeg(Image.effect_noise((200, 100), 60).convert("RGB"))


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        pytest.param(
            _CUT_SHORT[: len(_CUT_SHORT) * 2 // 3],  # the download broke off
            "cut-short.jpg",
            "The selected file could not be opened: choose a JPG or PNG that is not damaged",
            id="truncated-jpeg",
        ),
        pytest.param(
            _png()[:-30],
            "cut-short.png",
            "The selected file could not be opened: choose a JPG or PNG that is not damaged",
            id="truncated-png",
        ),
        pytest.param(
            b"\xff\xd8\xff\xe0" + HTML * 20,
            "page.jpg",
            "The selected file must be a JPG or PNG",
            id="jpeg-signature-then-html",
        ),
        pytest.param(
            _png_header_only(7000, 7000),
            "bomb.png",
            "The selected photo must be 40 megapixels or fewer",
            id="49-megapixels",
        ),
        pytest.param(
            _png_header_only(30000, 30000),
            "bomb.png",
            "The selected photo must be 40 megapixels or fewer",
            id="900-megapixels",
        ),
        pytest.param(
            _gif(),
            "photo.gif",
            "The selected file must be a JPG or PNG",
            id="gif",
        ),
    ],
)
def test_a_file_that_is_not_a_whole_jpeg_or_png_is_refused_on_the_photo_field(
    reporting: Council, media: Path, content: bytes, name: str, message: str
) -> None:
    html = _send(content, name=name)
    assert html, "the page should be shown again with the error"
    assert f'<a href="#id_photo">{message}</a>' in html  # in the error summary, to the field
    assert '<p id="id_photo-error" class="govuk-error-message">' in html
    assert written() == (0, 0, 0, 0)
    assert not media.exists() or not any(media.rglob("*.*"))
    assert Case.objects.count() == 0


def test_more_than_one_file_is_refused_as_a_bad_request(reporting: Council, media: Path) -> None:
    photos = [SimpleUploadedFile(f"bin-{n}.jpg", _jpeg(), "image/jpeg") for n in range(2)]
    response = Client().post(MISSED, {**missed_bin(), "photo": photos})
    assert response.status_code == 400  # the page takes one photo; Django stops parsing at two
    assert written() == (0, 0, 0, 0)
