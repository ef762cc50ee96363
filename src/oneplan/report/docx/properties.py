"""A report's document properties (what Word shows under File > Info): its title, the
centre as its author, and as its created and modified times the moment its data date
from, so that the same month's data make the same document.

Set through python-docx's public core properties (`CoreProperties`), on a document
python-docx opened (docxtpl's) or on the core properties part of a compiled template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docx.opc.constants import CONTENT_TYPE
from docx.opc.coreprops import CoreProperties
from docx.opc.packuri import PackURI
from docx.opc.parts.coreprops import CorePropertiesPart

CORE_PART = "docProps/core.xml"


@dataclass(frozen=True)
class DocumentProperties:
    title: str
    author: str
    moment: dt.datetime  # when the report's data date from

    def apply(self, properties: CoreProperties) -> None:
        """Set these on a document's core properties."""
        # Written as UTC (`…Z`): python-docx writes the fields of the time it is given.
        moment = self.moment if self.moment.tzinfo else self.moment.replace(tzinfo=dt.UTC)
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        properties.title = self.title
        properties.author = self.author
        properties.last_modified_by = self.author
        properties.created = moment
        properties.modified = moment

    def applied_to(self, core_xml: bytes) -> bytes:
        """A core properties part (its XML) with these set."""
        part = CorePropertiesPart.load(
            PackURI("/" + CORE_PART), CONTENT_TYPE.OPC_CORE_PROPERTIES, core_xml, None
        )
        self.apply(part.core_properties)
        return part.blob
