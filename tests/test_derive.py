"""Derived indexes: related briefs, backlinks, the merged timeline, source counts."""

import datetime as dt

from briefing.derive import backlinks, citation_counts, merged_timeline, related_briefs, source_index
from briefing.validate import check_corpus

from conftest import TODAY

BRIEF = """---
title: "{title}"
theme: {theme}
summary: Summary of {title}.
status: published
published: "{published}"
authors: ["A"]
tags: [{tags}]
related: [{related}]
key_judgments:
  - text: "One."
    confidence: high
    sources: [{source}]
  - text: "Two."
    confidence: low
    sources: [{source}]
timeline:
{timeline}
---

## Body

{body} [@{source}]
"""


def brief(repo, bid, *, theme="cyber-norms", title=None, tags="", related="", source="un-2015-gge-report",
          published="2026-11-01", timeline='  - date: "2015"\n    title: "Something"\n    sources: [un-2015-gge-report]', body="Text."):
    repo.write(f"briefs/{theme}/{bid}.md", BRIEF.format(title=title or bid, theme=theme, tags=tags, related=related,
                                                       source=source, published=published, timeline=timeline, body=body))


def corpus(repo):
    result = check_corpus(repo.path, TODAY)
    assert result.errors == [], result.errors
    return result.corpus


def test_related_puts_explicit_first_then_ranks_by_score_with_deterministic_ties(repo):
    brief(repo, "alpha", tags="un", related="new-start")
    brief(repo, "bravo", tags="un")                                  # tag 3 + source 2 + theme 2 + year 1 = 8
    brief(repo, "charlie", tags="un", published="2026-11-02")        # same score as bravo, changed later
    brief(repo, "delta", theme="arms-control", tags="un")            # no same-theme bonus: 6
    brief(repo, "echo")                                              # source + theme + year: 5
    related = related_briefs(corpus(repo), limit=5)
    assert [(r.brief.id, r.score, r.explicit) for r in related["alpha"]] == [
        ("new-start", 0, True),
        ("charlie", 8, False),
        ("bravo", 8, False),
        ("un-norms", 7, False),
        ("delta", 6, False),
    ]


def test_related_never_lists_the_brief_itself_and_respects_the_limit(repo):
    for name in "abcdefgh":
        brief(repo, f"b-{name}", tags="un")
    related = related_briefs(corpus(repo), limit=3)
    assert [r.brief.id for r in related["b-a"]] == ["b-b", "b-c", "b-d"]


def test_backlinks_carry_the_sentence_with_the_link(repo):
    brief(repo, "linker", body="First sentence here. As [[new-start|the treaty brief]] shows, limits matter. Last one.")
    links = backlinks(corpus(repo))
    assert [(b.brief.id, b.sentence) for b in links["new-start"]] == [
        ("linker", "As the treaty brief shows, limits matter."),
        ("un-norms", "Compare New START: from Prague to expiry."),
    ]
    assert [(b.brief.id, b.sentence) for b in links["un-norms"]] == [
        ("new-start", "See also UN cyber norms and the UN norms brief."),
    ]


def test_timeline_merges_same_events_and_orders_mixed_precision_newest_first(repo):
    brief(repo, "one", timeline='  - date: "2020"\n    title: "Year only"\n    sources: [un-2015-gge-report]\n'
                               '  - date: "2020-08-05"\n    title: "Letter published"\n    sources: [un-2015-gge-report]\n'
                               '  - date: "2021-02-03"\n    id: extension\n    title: "Extension"\n    sources: [un-2015-gge-report]')
    brief(repo, "two", timeline='  - date: "2020-08"\n    title: "Month only"\n    sources: [un-2015-gge-report]\n'
                               '  - date: "2020-08-05"\n    title: "Letter published"\n    sources: [shea-2021-hope]\n'
                               '  - date: "2021-02-03"\n    id: extension\n    title: "New START extended"\n    sources: [un-2015-gge-report]')
    events = merged_timeline(corpus(repo).briefs)
    assert [(e.date.iso(), e.title, [b.id for b in e.briefs], list(e.sources)) for e in events if e.date.year in (2020, 2021)] == [
        ("2021-02-03", "Extension", ["one", "two"], ["un-2015-gge-report"]),
        ("2020-08-05", "Letter published", ["one", "two"], ["un-2015-gge-report", "shea-2021-hope"]),
        ("2020-08", "Month only", ["two"], ["un-2015-gge-report"]),
        ("2020", "Year only", ["one"], ["un-2015-gge-report"]),
    ]
    assert [e.anchor for e in events if e.date.year == 2021] == ["event-extension"]


def test_source_counts_cover_judgments_facts_body_and_timeline(repo):
    c = corpus(repo)
    assert citation_counts(c.brief("new-start")) == {"state-2011-new-start": 5, "shea-2021-hope": 2, "tass-2023-suspension": 3}
    index = {u.source.id: [(b.id, n) for b, n in u.citations] for u in source_index(c)}
    assert index["un-2015-gge-report"] == [("draft-brief", 3), ("un-norms", 3)]
    assert [u.source.id for u in source_index(c)] == ["shea-2021-hope", "tass-2023-suspension", "state-2011-new-start", "un-2015-gge-report"]
