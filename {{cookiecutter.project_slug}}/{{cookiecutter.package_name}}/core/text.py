"""Free text: the one rule every text field of the API follows.

Text is kept in Unicode's composed form (NFC), so that the same words typed
on different keyboards compare equal. It holds no control characters, which
databases refuse (NUL) or which hide content from people, and none of the
bidirectional embedding, override and isolate characters that make
``abc\\u202etxt.exe`` display as ``abcexe.txt``. Text that may not be blank
must show something once whitespace and invisible formatting characters
(zero-width spaces and joiners, byte order marks: Unicode's category Cf) are
taken away.
"""

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

# C0 and C1 controls, DEL included, and Unicode's line and paragraph
# separators: what has no place in one line.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# C0 and C1 controls but for tab and line feed.
CONTROL_BUT_TAB_AND_NEWLINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def is_visible(value: str) -> bool:
    """Whether ``value`` shows anything besides whitespace and formatting."""
    return any(
        not char.isspace() and unicodedata.category(char) != "Cf" for char in value
    )


def composed(value: str, control: re.Pattern[str], control_message: str) -> str:
    """``value`` in NFC, if it is valid Unicode free of control characters."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates: JSON can escape them, UTF-8 cannot store them.
        raise ValueError("Must be valid Unicode text.") from None
    if control.search(value):
        raise ValueError(control_message)
    if BIDI_CONTROL.search(value):
        raise ValueError(
            "Must not contain bidirectional embedding, override or isolate "
            "characters (U+202A to U+202E, U+2066 to U+2069)."
        )
    return unicodedata.normalize("NFC", value)


def one_line(value: str) -> str:
    """A line of text, trimmed, that shows something."""
    value = composed(
        value, CONTROL, "Must be one line, without tabs or control characters."
    ).strip()
    if not is_visible(value):
        raise ValueError("Must not be blank.")
    return value


def several_lines(value: str) -> str:
    """Text with line breaks and tabs, empty or showing something."""
    value = composed(
        # Stored with plain line feeds, whatever system typed them.
        value.replace("\r\n", "\n").replace("\r", "\n"),
        CONTROL_BUT_TAB_AND_NEWLINE,
        "Must not contain control characters other than tabs and line breaks.",
    )
    if value and not is_visible(value):
        raise ValueError("Must be empty or show some text.")
    return value


# Field types; give each field its maximum length with Field(max_length=...),
# which counts the text as stored.
TextLine = Annotated[str, AfterValidator(one_line)]
TextLines = Annotated[str, AfterValidator(several_lines)]
