"""Pictures in a compiled report: a `Picture` in the context (an inline picture, as
docxtpl's `InlineImage`) becomes a media part of its report, shown where it is printed.

`RenderedReport` collects one rendering's pictures; `with_pictures` and
`with_picture_types` add them to the document's relationships and the package's content
types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.image.image import Image
from docx.oxml.shape import CT_Inline
from docx.shared import Length
from lxml import etree

IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


@dataclass
class Picture:
    """An inline picture in a report: PNG or JPEG bytes shown `width` wide."""

    blob: bytes
    width: Length
    # The rendering it is printed in: set by the compiled template for each report.
    rendering: RenderedReport | None = field(default=None, repr=False)

    def __html__(self) -> str:  # what Jinja prints (autoescape on)
        if self.rendering is None:
            raise RuntimeError("a Picture is printed only while its report renders")
        return self.rendering.add_picture(self)


class RenderedReport:
    """The media parts one rendering adds (pictures), and the XML that shows each."""

    def __init__(self, first_shape_id: int):
        self.media: list[tuple[str, bytes]] = []
        self._shape_id = first_shape_id

    def add_picture(self, picture: Picture) -> str:
        number = len(self.media) + 1
        image = Image.from_blob(picture.blob)
        name = f"oneplan_picture{number}.{image.ext}"
        self.media.append((name, picture.blob))
        cx, cy = image.scaled_dimensions(picture.width, None)
        inline = CT_Inline.new_pic_inline(self._shape_id, f"rIdOneplan{number}", name, cx, cy)
        self._shape_id += 1
        # As docxtpl's InlineImage: the drawing closes the text run it stands in. Written
        # without the line breaks python-docx indents it with (`inline.xml`): a line break
        # would send every report that shows a picture through docxtpl's listing check.
        drawing = etree.tostring(inline, encoding="unicode")
        return (
            f"</w:t></w:r><w:r><w:drawing>{drawing}</w:drawing></w:r><w:r>"
            '<w:t xml:space="preserve">'
        )


def with_pictures(relationships: bytes, media: list[tuple[str, bytes]]) -> bytes:
    """The document's relationships part with one image relationship per added picture."""
    extra = "".join(
        f'<Relationship Id="rIdOneplan{number}" Type="{IMAGE_RELATIONSHIP}" Target="media/{name}"/>'
        for number, (name, _) in enumerate(media, start=1)
    )
    return relationships.replace(b"</Relationships>", extra.encode() + b"</Relationships>")


_MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}


def with_picture_types(content_types: bytes, media: list[tuple[str, bytes]]) -> bytes:
    """The package's content types with the pictures' file types it lacks."""
    extensions = {name.rsplit(".", 1)[1] for name, _ in media}
    extra = "".join(
        f'<Default Extension="{ext}" ContentType="{_MEDIA_TYPES.get(ext, "image/" + ext)}"/>'
        for ext in sorted(extensions)
        if f'Extension="{ext}"'.encode() not in content_types
    )
    return content_types.replace(b"</Types>", extra.encode() + b"</Types>")
