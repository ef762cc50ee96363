"""The prolog scan against an XML parser: it finds every DTD expat finds, and on a
well-formed part it says exactly what expat says, from the whole part or from any head."""

from __future__ import annotations

import codecs
import contextlib
import xml.parsers.expat

from hypothesis import example, given
from hypothesis import strategies as st

from oneplan.read.prolog import Prolog, scan_prolog


def expat_sees_a_doctype(data: bytes) -> bool:
    """Whether expat, reading `data`, meets a document type declaration (even if it
    then finds the document malformed)."""
    parser = xml.parsers.expat.ParserCreate()
    seen = []
    parser.StartDoctypeDeclHandler = lambda *declaration: seen.append(declaration)
    with contextlib.suppress(xml.parsers.expat.ExpatError):
        parser.Parse(data, True)
    return bool(seen)


SPACE = st.text(alphabet=" \t\r\n", max_size=3)
# Comment text with no `-` (`--` is not allowed in a comment, nor `-` at its end) and
# not beginning with `>`: the scan ends `<!-->` there, as a lenient reader could.
COMMENT = (
    st.text(alphabet="ab <>!?&;'\"\u0e01\n", max_size=12)
    .filter(lambda text: not text.startswith(">"))
    .map(lambda text: f"<!--{text}-->")
)
PI = st.builds(
    lambda target, text: f"<?{target} {text}?>",
    st.sampled_from(["pi", "mso-application", "x"]),
    st.text(alphabet="ab <>!&;'\"\u0e01", max_size=12),
)
MISC = st.lists(st.one_of(SPACE, COMMENT, PI), max_size=4).map("".join)
DOCTYPE = st.sampled_from(
    [
        "<!DOCTYPE root>",
        '<!DOCTYPE root [<!ENTITY a "ha">]>',
        '<!DOCTYPE root SYSTEM "x.dtd">',
        '<!DOCTYPE root [<!-- a comment in the subset --><!ENTITY a "ha&#60;">]>',
    ]
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]


@st.composite
def documents(draw) -> tuple[bytes, bool]:
    """A well-formed document, in an encoding expat reads, and whether it has a DTD."""
    encoding = draw(st.sampled_from(ENCODINGS))
    named = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8"}.get(encoding, "UTF-16")
    # UTF-16 without a byte-order mark is known by its declaration's `<?`.
    declared = encoding in ("utf-16-le", "utf-16-be") or draw(st.booleans())
    name_it = draw(st.booleans())
    declaration = f'<?xml version="1.0"{f" encoding={named!r}" if name_it else ""}?>'
    doctype = draw(st.one_of(st.just(""), DOCTYPE))
    text = (
        (declaration if declared else "")
        + draw(MISC)
        + doctype
        + draw(MISC)
        + "<root a='1'>text</root>"
        + draw(MISC)
    )
    if encoding in ("utf-16-le", "utf-16-be") and not name_it:
        text = text.replace('version="1.0"', 'version="1.0" encoding="UTF-16"', 1)
    return text.encode(encoding), bool(doctype)


@given(documents(), st.integers(min_value=0, max_value=400))
def test_a_well_formed_part_is_judged_as_expat_judges_it_from_any_head(document, cut):
    data, has_doctype = document
    assert expat_sees_a_doctype(data) == has_doctype
    expected = Prolog.DECLARATION if has_doctype else Prolog.CLEAN
    assert scan_prolog(data, complete=True) is expected
    # A head says the same, or asks for more; never the other verdict.
    assert scan_prolog(data[:cut], complete=False) in (expected, Prolog.UNFINISHED)


FRAGMENTS = st.sampled_from(
    [
        "<!--",
        "-->",
        "<!-->",
        "<?",
        "?>",
        "<?xml ",
        '<?xml version="1.0"?>',
        '<?xml version="1.0" encoding="UTF-16"?>',
        "<!DOCTYPE r>",
        '<!DOCTYPE r [<!ENTITY e "x">]>',
        "<!ENTITY e 'x'>",
        "<!doctype r>",
        "<r/>",
        "<r>&e;</r>",
        "<",
        "!",
        "-",
        " ",
        "\n",
        "\ufeff",
        "x",
        "]]>",
        "<![CDATA[x]]>",
    ]
)
SOUP = st.lists(st.one_of(FRAGMENTS, st.text(max_size=3)), max_size=12).map("".join)


@given(SOUP, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1"]))
@example('<?xml version="1.0"?><!-- <!DOCTYPE r> --><!DOCTYPE r><r/>', "utf-8")
@example("<!--><!DOCTYPE r>--><r/>", "utf-8")
@example("\n\n<!DOCTYPE r><r/>", "utf-16")
@example(" <!DOCTYPE r>", "utf-16-le")  # expat reads UTF-16 from a zero second byte
def test_every_dtd_expat_meets_is_refused(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    verdict = scan_prolog(data, complete=True)
    if expat_sees_a_doctype(data):
        assert verdict is Prolog.DECLARATION
    # From a head, a declaration is found or more is asked for.
    if verdict is Prolog.DECLARATION:
        assert scan_prolog(data + b"<r/>" * 300, complete=False) in (
            Prolog.DECLARATION,
            Prolog.UNFINISHED,
        )


@given(st.binary(max_size=64))
def test_any_bytes_get_a_verdict(data):
    assert scan_prolog(data, complete=True) is not Prolog.UNFINISHED
    assert isinstance(scan_prolog(data, complete=False), Prolog)


def test_a_declaration_after_the_root_element_is_not_in_the_prolog():
    # Not well-formed; no parser reads a DTD there, and the scan stops at the root.
    assert scan_prolog(b"<r/><!DOCTYPE r>", complete=True) is Prolog.CLEAN


def test_what_is_not_xml_has_no_prolog():
    assert scan_prolog(b"\x89PNG\r\n\x1a\n<!DOCTYPE r>", complete=True) is Prolog.CLEAN
    assert scan_prolog(b"", complete=True) is Prolog.CLEAN


def test_encodings_no_codec_reads_are_refused():
    ebcdic = '<?xml version="1.0" encoding="cp500"?><r/>'.encode("cp500")
    assert scan_prolog(ebcdic, complete=True) is Prolog.UNKNOWN_ENCODING
    assert scan_prolog(b"\x00<\x00\x00", complete=True) is Prolog.UNKNOWN_ENCODING
    unknown = b'<?xml version="1.0" encoding="zlib"?><r/>'  # a codec, not of text
    assert scan_prolog(unknown, complete=True) is Prolog.UNKNOWN_ENCODING


def test_a_utf16_mark_is_read_before_utf32_is_guessed():
    # FF FE 00 00 is UTF-32's mark; FF FE then `<` is UTF-16's.
    utf16 = codecs.BOM_UTF16_LE + "<!DOCTYPE r><r/>".encode("utf-16-le")
    assert scan_prolog(utf16, complete=True) is Prolog.DECLARATION
    utf32 = "<!DOCTYPE r><r/>".encode("utf-32")
    assert scan_prolog(utf32, complete=True) is Prolog.DECLARATION
