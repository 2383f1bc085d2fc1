"""The schema of briefs and registries, declared once.

These pydantic models drive validation (`briefing check` and the build), the JSON Schema that
editors use, and the field reference in the contributing guide. Field descriptions are written
for contributors: they appear in all three places.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS = (
    "January February March April May June July August September October November December"
).split()


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day: `2020`, `2020-08`, `2020-08-05`.

    Ordering puts a less precise date first: 2020 < 2020-01 < 2020-01-01.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    @classmethod
    @functools.lru_cache(maxsize=1 << 16)  # the same few dates recur across thousands of sources
    def parse(cls, text: str) -> PartialDate:
        match = _PARTIAL_DATE.match(text)
        if not match:
            raise ValueError(text)
        year, month, day = match.groups()
        year, month, day = int(year), int(month) if month else None, int(day) if day else None
        if day is not None:
            dt.date(year, month, day)  # raises ValueError for 2021-02-30
        elif month is not None and not 1 <= month <= 12:
            raise ValueError(text)
        return cls(year, month, day)

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        return "day" if self.day else "month" if self.month else "year"

    def __post_init__(self) -> None:
        # The ISO text, made with the date: a check asks each timeline event's date for it twice
        # (made at each call, that was a thirtieth of a check from scratch), and parse() gives
        # the same object for the same text. (A cached_property took longer than this: its lock.)
        year = f"{self.year:04d}"
        iso = year if not self.month else f"{year}-{self.month:02d}" if not self.day else f"{year}-{self.month:02d}-{self.day:02d}"
        object.__setattr__(self, "_iso", iso)

    def iso(self) -> str:
        return self._iso

    def display(self) -> str:
        """5 August 2020 · August 2020 · 2020"""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.iso()


def display_date(date: dt.date) -> str:
    return PartialDate(date.year, date.month, date.day).display()


def _to_partial_date(value: Any) -> PartialDate:
    if isinstance(value, str):  # first: nearly every value is text, as YAML gives it
        try:
            return PartialDate.parse(value.strip())
        except ValueError:
            pass
    elif isinstance(value, PartialDate):
        return value
    elif isinstance(value, dt.date):  # a datetime too
        return PartialDate(value.year, value.month, value.day)
    elif isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)
    raise PydanticCustomError(
        "partial_date",
        "{value} is not a valid date — expected \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
        {"value": repr(value)},
    )


def _to_iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("iso_date", "a date is expected, not a date and time — expected \"YYYY-MM-DD\"")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError(
        "iso_date", "{value} is not a valid date — expected \"YYYY-MM-DD\"", {"value": repr(value)}
    )


def _max_words(limit: int):
    def check(text: str) -> str:
        words = len(text.split())
        if words > limit:
            raise PydanticCustomError(
                "too_many_words",
                "has {words} words — expected at most {limit}",
                {"words": words, "limit": limit},
            )
        return text

    return check


# Text is stripped and must not be empty, in pydantic-core: as a Python validator it was a quarter
# of validating a source. An empty one is reported as "is empty" (schema_errors).
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
SourceKey = Annotated[str, Field(min_length=1, description="A source `id` from briefs/sources.yml.")]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_to_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
FuzzyDate = Annotated[
    PartialDate,
    BeforeValidator(_to_partial_date),
    PlainSerializer(str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}),
]
Confidence = Literal["low", "moderate", "high"]
Status = Literal["draft", "published", "archived"]


def _no_items(description: str) -> Any:
    """A list field that may be left out: empty then. Made by `list` rather than given as `[]`,
    which pydantic deep-copies for every entry that leaves the field out (each source without an
    author: that copy was a fifth of validating it); the JSON schema states the default as before."""
    return Field(default_factory=list, json_schema_extra={"default": []}, description=description)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class KeyJudgment(_Model):
    text: Text = Field(description="The judgment in one or two sentences, bottom line first.")
    confidence: Confidence = Field(
        description="How sure the analysis is: low, moderate or high (see the About page)."
    )
    sources: list[SourceKey] = Field(min_length=1, description="Source ids that support it.")


class KeyFact(_Model):
    label: Text = Field(description="What the figure is, e.g. 'Deployed warheads ceiling'.")
    value: Text = Field(description="The figure or fact itself, e.g. '1,550 per side'.")
    source: SourceKey = Field(description="The one source id the figure comes from.")


class TimelineEntry(_Model):
    date: FuzzyDate = Field(description='"YYYY", "YYYY-MM" or "YYYY-MM-DD", quoted.')
    end: FuzzyDate | None = Field(None, description="Last day of a range, same formats; optional.")
    title: Annotated[Text, Field(max_length=140)] = Field(description="What happened, ≤ 140 characters.")
    sources: list[SourceKey] = Field(min_length=1, description="Source ids for the event.")
    id: Slug | None = Field(
        None, description="Optional shared event id: briefs that record the same event merge on it."
    )

    @property
    def merge_key(self) -> str:
        return merge_key(self.id, self.date.iso(), self.title)


def merge_key(event_id: str | None, date: str | None, title: str | None) -> str | None:
    """What the site's timeline merges an event on: its shared id, or else its date (as written)
    and title, since two briefs that write the same event in the same words need no id. Taken
    apart so that a front matter that failed the schema, which has no TimelineEntry, is merged
    alike; None when what the key is made of is not known."""
    if event_id:
        return event_id
    if not (date and title):
        return None
    return f"{date}-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


class BriefMeta(_Model):
    """Front matter of a brief."""

    id: Slug | None = Field(None, description="Stable slug used in URLs and links; defaults to the file name.")
    title: Annotated[Text, Field(max_length=120)] = Field(description="Headline, ≤ 120 characters.")
    theme: str = Field(description="One theme id from briefs/themes.yml; must match the folder.")
    secondary_themes: list[str] = _no_items("Other theme ids the brief also belongs to.")
    summary: Annotated[Text, AfterValidator(_max_words(80))] = Field(
        description="1–3 sentences, ≤ 80 words, bottom line first: shown in cards, handouts, feeds."
    )
    status: Status = Field(description="draft (never published), published or archived.")
    published: IsoDate = Field(description='First publication, "YYYY-MM-DD".')
    updated: IsoDate | None = Field(None, description="Last substantive change (see the About page).")
    as_of: IsoDate | None = Field(None, description="The date of the latest development the analysis accounts for.")
    review_by: IsoDate | None = Field(None, description="After this date the page says it is due for review.")
    authors: list[Text] = Field(min_length=1, description="Names of the authors.")
    tags: list[str] = _no_items("Tags from briefs/tags.yml.")
    related: list[Slug] = _no_items("Brief ids to always list as related.")
    key_judgments: list[KeyJudgment] = Field(min_length=2, max_length=5, description="2–5 key judgments.")
    key_facts: list[KeyFact] = _no_items("Key figures, each with its source.")
    timeline: list[TimelineEntry] = _no_items("Dated events, each with sources.")


SourceType = Literal[
    "webpage",
    "article-newspaper",
    "article-magazine",
    "article-journal",
    "report",
    "treaty",
    "legislation",
    "speech",
    "post-weblog",
    "book",
    "document",
]


class SourceMeta(_Model):
    """One entry of briefs/sources.yml, with CSL field names."""

    id: Slug = Field(description="Key used in citations: publisher-year-slug.")
    type: SourceType = Field(description="CSL item type.")
    title: Text
    author: list[Text] = _no_items('People as "Family, Given"; institutions as written.')
    publisher: Text | None = None
    container_title: Text | None = Field(None, alias="container-title", description="The outlet or journal.")
    issued: FuzzyDate | None = Field(None, description='Publication date, "YYYY", "YYYY-MM" or "YYYY-MM-DD".')
    URL: Text | None = Field(None, description="https address of the source; omit only when none exists, and say so in note.")
    accessed: IsoDate | None = None
    archive_url: Text | None = None
    note: Text | None = None
    state_media: bool = Field(
        False, description="True for Russian or Chinese state outlets: cite only to document an official position."
    )


class ThemeMeta(_Model):
    """One entry of briefs/themes.yml."""

    id: Slug
    title: Text
    description: Text = Field(description="One paragraph shown on the theme page.")
