"""Whether a rendered report body is well-formed XML: proven once for a template where its
structure allows (`always_well_formed`), else checked for each report (`well_formed`);
a proven template's reports are only looked at for characters XML forbids
(`only_xml_characters`).
"""

from __future__ import annotations

import re
from xml.parsers import expat

import jinja2
from jinja2 import nodes


def always_well_formed(source: str, jinja: jinja2.Environment) -> bool:
    """Whether every rendering of this prepared body is well-formed XML, whatever plain
    values the context holds: proven from the template, so that no report needs checking.

    The proof: printed values are escaped (they hold no tag); every `if` branch and `for`
    body opens and closes the same elements (however often it runs, it leaves the nesting
    as it found it); and the text between Jinja tags, blocks aside, nests properly. A
    template outside what this recognises (filters, calls, macros, captured blocks, a Jinja
    tag inside an XML tag) is not proven: its reports are checked one by one. Values that
    print their own XML (a `Picture`) and characters XML does not allow are data, checked
    per report.
    """
    try:
        body = jinja.parse(source).body
    except jinja2.TemplateSyntaxError:
        return False
    return _nesting(body) == ((), ())


def _nesting(body: list[nodes.Node]) -> tuple[tuple, tuple] | None:
    """What `body` leaves of the element nesting: the elements it closes that it did not
    open, and those it opens and leaves open; None when that depends on the data."""
    closed: list[str] = []
    opened: list[str] = []
    for node in body:
        if isinstance(node, nodes.Output):
            for part in node.nodes:
                if isinstance(part, nodes.TemplateData):
                    if not _follow_tags(part.data, closed, opened):
                        return None
                elif not _escaped_text(part):
                    return None
        elif isinstance(node, (nodes.If, nodes.For)):
            parts = [node.body, node.else_]
            if isinstance(node, nodes.If):
                parts += [branch.body for branch in node.elif_]
            if any(_nesting(part) != ((), ()) for part in parts):
                return None
        elif not isinstance(node, nodes.Assign):  # `{% set %}` prints nothing
            return None
    return tuple(closed), tuple(opened)


_TAG = re.compile(r"<(/?)([^\s<>/]+)[^<>]*?(/?)>")


def _follow_tags(text: str, closed: list[str], opened: list[str]) -> bool:
    """Apply the tags of a text between Jinja tags to the nesting; False when it cannot be
    followed (a tag cut by a Jinja tag, a comment or declaration, a wrong closing tag)."""
    outside = _TAG.sub("", text)
    if "<" in outside or ">" in outside:
        return False
    for closing, name, empty in _TAG.findall(text):
        if name.startswith(("!", "?")):
            return False
        if empty:
            continue
        if not closing:
            opened.append(name)
        elif opened:
            if opened.pop() != name:
                return False
        else:
            closed.append(name)
    return True


# Expressions whose printed value is the escaped text of a context value: no filter or call
# (a filter like `safe` or a macro's output prints XML as it is).
_TEXT_EXPRESSIONS = (
    nodes.Name,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Const,
    nodes.Concat,
    nodes.CondExpr,
    nodes.BinExpr,
    nodes.UnaryExpr,
    nodes.Compare,
    nodes.Operand,
    nodes.Test,
    nodes.Slice,
)


def _escaped_text(expression: nodes.Node) -> bool:
    return all(isinstance(node, _TEXT_EXPRESSIONS) for node in _expression_nodes(expression))


def _expression_nodes(node: nodes.Node):
    yield node
    for child in node.iter_child_nodes():
        yield from _expression_nodes(child)


# Characters XML 1.0 does not allow in a document (docxtpl's listing step has made tabs,
# line and page breaks markup already).
_NOT_XML_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NOT_XML_SEQUENCES = ("\ufffe".encode(), "\uffff".encode())


def only_xml_characters(utf8: bytes) -> bool:
    """Whether UTF-8 text is free of those characters. Looked for in the bytes: each such
    control character is a byte of its own (every byte of a longer character is 0x80 or
    more), U+FFFE and U+FFFF three bytes found nowhere else; a few times faster than a
    pattern over the text, on a report's hundreds of kilobytes."""
    if len(utf8.translate(None, _NOT_XML_BYTES)) != len(utf8):
        return False
    # Both start with the byte 0xEF, rare in Thai text: found by memchr, where looking for
    # the three bytes would scan the whole text.
    return b"\xef" not in utf8 or not any(sequence in utf8 for sequence in _NOT_XML_SEQUENCES)


def well_formed(xml: str | bytes) -> bool:
    """Whether the XML is well-formed (a template's tags can leave it broken, for instance
    an `{% if %}` in a paragraph closed in a table cell). Expat, without building a tree."""
    try:
        expat.ParserCreate().Parse(xml, True)
    except expat.ExpatError:
        return False
    return True
