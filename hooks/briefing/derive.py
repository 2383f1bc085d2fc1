"""Connective tissue derived from the corpus: related briefs, backlinks, the merged timeline and
the source index. Pure functions over an immutable `Corpus`; computed once per build.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .citations import BriefLink, rewrite_body, scan_body
from .corpus import Brief, Corpus
from .model import PartialDate, SourceMeta

# -- related briefs ----------------------------------------------------------------------------

# How much one shared feature adds to the relatedness of two briefs. Tags are chosen by authors
# to describe the question, so they weigh most; a shared source is strong evidence of a shared
# subject; the theme and the years covered by the timelines are broad, so they weigh least.
WEIGHT_TAG = 3
WEIGHT_SOURCE = 2
WEIGHT_THEME = 2
WEIGHT_YEAR = 1
MAX_RELATED = 5
# Candidates come from the specific features, tags and sources, through their posting lists.
# A tag or source shared by more briefs than this is too common to propose candidates:
# following its list would make the cost quadratic in the corpus. Common features and years
# still add to the score of the candidates found.
MAX_POSTING = 50


@dataclass(frozen=True)
class RelatedBrief:
    brief: Brief
    score: int
    explicit: bool


def _features(brief: Brief) -> dict[str, set]:
    return {
        "tag": set(brief.meta.tags),
        "source": set(brief.cited_keys()),
        "year": {y for e in brief.meta.timeline for y in range(e.date.year, (e.end or e.date).year + 1)},
    }


class _BitSets:
    """Features as the bits of an int, so that the features two briefs share are counted with
    one `&` and `bit_count()`: scoring a candidate is then a few integer operations instead of
    set intersections (related_briefs scores hundreds of candidates per brief)."""

    def __init__(self) -> None:
        self.bit: dict[object, int] = {}

    def of(self, values: Iterable) -> int:
        mask = 0
        for value in values:
            mask |= self.bit.setdefault(value, 1 << len(self.bit))
        return mask


def related_briefs(corpus: Corpus, limit: int = MAX_RELATED) -> dict[str, list[RelatedBrief]]:
    """For every brief: its explicit `related` briefs first, in the author's order, then the
    highest-scoring others (ties: most recently changed, then id), `limit` in all."""
    features = {b.id: _features(b) for b in corpus.briefs}
    postings: dict[tuple[str, object], list[str]] = defaultdict(list)
    for brief in corpus.briefs:
        for kind in ("tag", "source"):
            for value in features[brief.id][kind]:
                postings[(kind, value)].append(brief.id)
    same_theme = {t.id: [b.id for b in corpus.briefs_in(t.id)] for t in corpus.themes}

    # Common features (long posting lists) and years are counted per candidate, as bits.
    common = {key for key, posting in postings.items() if len(posting) > MAX_POSTING}
    tag_bits, source_bits, year_bits = _BitSets(), _BitSets(), _BitSets()
    common_tags = {b.id: tag_bits.of(t for t in features[b.id]["tag"] if ("tag", t) in common) for b in corpus.briefs}
    common_sources = {b.id: source_bits.of(s for s in features[b.id]["source"] if ("source", s) in common) for b in corpus.briefs}
    years = {b.id: year_bits.of(features[b.id]["year"]) for b in corpus.briefs}

    weights = {"tag": WEIGHT_TAG, "source": WEIGHT_SOURCE}
    theme_of = {b.id: b.theme for b in corpus.briefs}
    newest_first = {b.id: -b.last_changed.toordinal() for b in corpus.briefs}
    result: dict[str, list[RelatedBrief]] = {}
    for brief in corpus.briefs:
        mine = features[brief.id]
        # Shared specific features are counted through the posting lists, which also gives the
        # candidates.
        score: dict[str, int] = {}  # a dict, not a Counter: Counter calls __missing__ per new key
        for kind, weight in weights.items():
            for value in mine[kind]:
                if (kind, value) not in common:
                    for other_id in postings[(kind, value)]:
                        score[other_id] = score.get(other_id, 0) + weight
        # Too few specific matches: the most recent briefs of the same theme fill the list.
        theme = brief.theme
        for other_id in same_theme[theme]:
            if len(score) > limit + len(brief.meta.related):
                break
            score.setdefault(other_id, 0)
        score.pop(brief.id, None)
        my_tags, my_sources, my_years = common_tags[brief.id], common_sources[brief.id], years[brief.id]
        ranking = []
        for other_id, points in score.items():
            points += (
                WEIGHT_TAG * (my_tags & common_tags[other_id]).bit_count()
                + WEIGHT_SOURCE * (my_sources & common_sources[other_id]).bit_count()
                + WEIGHT_YEAR * (my_years & years[other_id]).bit_count()
                + WEIGHT_THEME * (theme_of[other_id] == theme)
            )
            ranking.append((-points, newest_first[other_id], other_id))
        # Only the best few are shown: a partial sort, not a sort of every candidate.
        best = heapq.nsmallest(limit + len(brief.meta.related), ranking)
        explicit = [RelatedBrief(corpus.brief(i), 0, True) for i in brief.meta.related if corpus.has_brief(i)]
        chosen = {r.brief.id for r in explicit}
        ranked = [RelatedBrief(corpus.brief(i), -points, False) for points, _, i in best if i not in chosen]
        result[brief.id] = (explicit + ranked)[:limit]
    return result


# -- backlinks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backlink:
    brief: Brief
    """The brief whose body links here."""
    sentence: str
    """The sentence containing the link, as plain text, so the reader sees why."""


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z“\"(\[])")


def plain_text(markdown: str, corpus: Corpus) -> str:
    """Markdown prose as plain text: brief links become their text, citations disappear."""

    def replace(found) -> str:
        if isinstance(found, BriefLink):
            return found.label or (corpus.brief(found.target).title if corpus.has_brief(found.target) else found.target)
        return ""


    text = rewrite_body(markdown, replace)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) -> text
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    return " ".join(text.split())


def _sentence_around(paragraph: str, offset: int) -> str:
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(paragraph)]
    start = max(s for s in starts if s <= offset)
    later = [s for s in starts if s > offset]
    return paragraph[start : later[0] if later else len(paragraph)]


def backlinks(corpus: Corpus) -> dict[str, list[Backlink]]:
    """For every brief, the briefs that link to it, with the sentence of each link."""
    found: dict[str, list[Backlink]] = defaultdict(list)
    for brief in corpus.briefs:
        seen: set[str] = set()
        paragraphs = brief.body.split("\n\n")
        for paragraph in paragraphs:
            if "[[" not in paragraph:  # no brief link can be in it: spare the scan
                continue
            for item in scan_body(paragraph):
                if not isinstance(item, BriefLink) or item.target == brief.id or item.target in seen:
                    continue
                if not corpus.has_brief(item.target):
                    continue
                seen.add(item.target)
                sentence = _sentence_around(paragraph, paragraph.index(item.text))
                found[item.target].append(Backlink(brief, plain_text(sentence, corpus).lstrip("#- ").strip()))
    return {target: sorted(links, key=lambda l: l.brief.id) for target, links in found.items()}


# -- the merged timeline -----------------------------------------------------------------------


@dataclass(frozen=True)
class MergedEvent:
    date: PartialDate
    end: PartialDate | None
    title: str
    anchor: str
    briefs: tuple[Brief, ...]
    themes: tuple[str, ...]
    sources: tuple[str, ...]


def merged_timeline(briefs: Iterable[Brief]) -> list[MergedEvent]:
    """Every dated event, newest first. One event recorded by several briefs (same shared event
    `id`, or same date and title) appears once, listing all of them."""
    groups: dict[str, dict] = {}
    for brief in sorted(briefs, key=lambda b: b.id):
        for event in brief.meta.timeline:
            key = event.merge_key
            group = groups.setdefault(key, {"event": event, "briefs": [], "sources": []})
            if brief not in group["briefs"]:
                group["briefs"].append(brief)
            group["sources"] += [s for s in event.sources if s not in group["sources"]]
    merged = [
        MergedEvent(
            g["event"].date,
            g["event"].end,
            g["event"].title,
            f"event-{key}"[:120],
            tuple(g["briefs"]),
            tuple(sorted({b.theme for b in g["briefs"]})),
            tuple(g["sources"]),
        )
        for key, g in groups.items()
    ]
    return sorted(merged, key=lambda e: (e.date.sort_key, e.title), reverse=True)


def by_year(events: list[MergedEvent]) -> list[tuple[int, list[MergedEvent]]]:
    years: dict[int, list[MergedEvent]] = {}
    for event in events:
        years.setdefault(event.date.year, []).append(event)
    return list(years.items())


# -- the source index --------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceUse:
    source: SourceMeta
    citations: tuple[tuple[Brief, int], ...] = field(default=())
    """(brief, number of times it cites the source), most citations first."""

    @property
    def total(self) -> int:
        return sum(count for _, count in self.citations)


def citation_counts(brief: Brief) -> Counter:
    """How often `brief` cites each source: judgments, facts, body and timeline."""
    counts: Counter = Counter()
    for judgment in brief.meta.key_judgments:
        counts.update(judgment.sources)
    counts.update(fact.source for fact in brief.meta.key_facts)
    for citation in brief.body_citations():
        counts.update(item.key for item in citation.items)
    for event in brief.meta.timeline:
        counts.update(event.sources)
    return counts


def source_index(corpus: Corpus) -> list[SourceUse]:
    """Every source with the briefs that cite it, sorted by publisher, then title."""
    uses: dict[str, list[tuple[Brief, int]]] = defaultdict(list)
    for brief in corpus.briefs:
        for key, count in citation_counts(brief).items():
            uses[key].append((brief, count))
    index = [
        SourceUse(source, tuple(sorted(uses.get(key, []), key=lambda pair: (-pair[1], pair[0].id))))
        for key, source in corpus.sources.items()
    ]
    return sorted(index, key=lambda u: (publisher_of(u.source).lower(), u.source.title.lower(), u.source.id))


def publisher_of(source: SourceMeta) -> str:
    return source.publisher or source.container_title or ""
