"""The one rule for free text: composed, no controls, no bidi overrides, not blank."""

from typing import Annotated

import pytest
from pydantic import BaseModel, Field, ValidationError

from {{ cookiecutter.package_name }}.core.text import TextLine, TextLines

# Text that looks harmless, or like nothing, and is not; and which rule it breaks.
HOSTILE = {
    "C1 controls only": ("\x84\x85\x9b", "control"),
    "a C1 control among words": ("abc\x85def", "control"),
    "NUL": ("a\x00b", "control"),
    "DEL": ("a\x7fb", "control"),
    "zero-width characters only": ("\u200b\u200d\ufeff", "blank"),
    "right-to-left override": ("abc\u202etxt.exe", "bidi"),
    "left-to-right embedding": ("\u202aabc", "bidi"),
    "first strong isolate": ("\u2068abc\u2069", "bidi"),
    "lone surrogate": ("\ud800", "unicode"),
}
# How each kind of field words each refusal.
REFUSALS = {
    ("line", "control"): "Must be one line, without tabs or control characters.",
    ("lines", "control"): "Must not contain control characters other than tabs",
    ("line", "blank"): "Must not be blank.",
    ("lines", "blank"): "Must be empty or show some text.",
    ("line", "bidi"): "Must not contain bidirectional",
    ("lines", "bidi"): "Must not contain bidirectional",
    ("line", "unicode"): "Must be valid Unicode text.",
    ("lines", "unicode"): "Must be valid Unicode text.",
}


class Sample(BaseModel):
    """A model with one field of each kind, ten characters at most."""

    line: Annotated[TextLine, Field(max_length=10)] = "ok"
    lines: Annotated[TextLines, Field(max_length=10)] = ""


def refusal(**fields: str) -> str:
    """The one message a Sample made of ``fields`` is refused with."""
    with pytest.raises(ValidationError) as caught:
        Sample(**fields)
    [error] = caught.value.errors()
    # The rule's own refusals are ValueErrors; pydantic words the rest.
    return (
        str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"]
    )


@pytest.mark.parametrize(("text", "rule"), HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("field", ["line", "lines"])
def test_hostile_text_is_refused_in_every_kind_of_field(field, text, rule):
    """Controls, bidi controls, invisible-only text and surrogates: refused,
    each for its own reason."""
    assert refusal(**{field: text}).startswith(REFUSALS[field, rule])


def test_text_is_stored_composed():
    """An accent typed as a separate mark is stored as one character."""
    sample = Sample(line="Cafe\u0301", lines="e\u0301")
    assert (sample.line, sample.lines) == ("Caf\u00e9", "\u00e9")


def test_length_counts_the_composed_text():
    """Ten accented letters typed as twenty code points still fit in ten."""
    assert Sample(line="e\u0301" * 10).line == "\u00e9" * 10
    assert "at most 10" in refusal(line="x" * 11)


def test_a_line_is_trimmed_and_must_show_something():
    """Surrounding spaces go; spaces alone are blank."""
    assert Sample(line="  Ideas  ").line == "Ideas"
    assert refusal(line=" \u3000 ") == "Must not be blank."


@pytest.mark.parametrize("text", ["a\tb", "a\nb", "a\r\nb", "a\u2028b", "a\u2029b"])
def test_a_line_holds_no_tabs_or_line_breaks(text):
    """Tabs and line breaks belong in text of several lines."""
    assert "one line" in refusal(line=text)


def test_several_lines_keep_tabs_and_plain_line_breaks():
    """Tabs and line feeds stay; Windows and old Mac line breaks become line
    feeds."""
    assert Sample(lines="a\tb\r\nc\rd\n").lines == "a\tb\nc\nd\n"


def test_several_lines_may_be_empty_but_not_blank():
    """Empty means no text; line breaks alone are refused."""
    assert Sample(lines="").lines == ""
    assert refusal(lines="\n\n") == "Must be empty or show some text."
