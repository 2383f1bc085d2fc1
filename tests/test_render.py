"""Rendering a brief and a theme page from the fixture corpus."""

import yaml
from briefing.render import front_matter, relative_url, render_brief, render_theme
from briefing.sources import reference_html, reference_text
from briefing.validate import check_corpus

from conftest import TODAY


def corpus(repo):
    return check_corpus(repo.path, TODAY).corpus


def test_sources_are_numbered_in_reading_order_with_backlinks(repo):
    page = render_brief(corpus(repo).brief("new-start"), corpus(repo), TODAY)
    # key judgments cite sources 1, then 2 and 3; the body reuses them with new anchors
    assert '<a id="cite-1-1" href="#source-1" title="New START Treaty">1</a>' in page
    assert (
        'talks <sup class="citation">[<a id="cite-2-2" href="#source-2" title="Shea, Jamie: Hope springs eternal: time for a reset with Russia?">2</a>; '
        '<a id="cite-1-4" href="#source-1" title="New START Treaty">1</a>]</sup>' in page
    )
    assert '<a id="cite-1-3" href="#source-1" title="New START Treaty">1</a>, art. II]</sup>' in page
    assert (
        '<li id="source-3"><a href="https://tass.com/politics/1578209">“Russia suspends participation in New START.”</a> TASS, 21 February 2023. '
        '<span class="source-flag" title="Russian/Chinese state media: cited only to document an official position">[state media]</span> '
        '<a class="backref" href="#cite-3-1" aria-label="Back to citation 3, use 1">↩</a>'
    ) in page


def test_header_summary_judgments_facts_and_links(repo):
    page = render_brief(corpus(repo).brief("new-start"), corpus(repo), TODAY)
    assert page.startswith(
        '---\n{"brief_id": "new-start", "description": "New START capped US and Russian strategic forces from 2011 until it expired '
        'on 5 February 2026.", "tags": ["new-start", "nuclear-arms-control"], "title": "New START: from Prague to expiry"}\n---\n'
    )
    assert '<p class="brief-kicker"><a href="../">New START and arms control</a> <span class="badge badge--published">Published</span></p>' in page
    assert '<div><dt>Analysis as of</dt><dd><time datetime="2026-02-05">5 February 2026</time></dd></div>' in page
    assert '<li><span class="confidence confidence--low">Low confidence</span> A follow-on agreement is unlikely soon.' in page
    assert '<tr><th scope="row">Deployed warheads ceiling</th><td>1,550 per side <sup class="citation">' in page
    assert "See also [UN cyber norms](../cyber-norms/un-norms.md) and [the UN norms brief](../cyber-norms/un-norms.md)." in page
    assert "```\n[@not-a-citation] inside code stays as written\n```" in page
    assert '<li><span class="event-date">February 2023 – March 2023</span> Russia suspends its participation' in page


def test_review_badge_appears_after_review_by(repo):
    import datetime as dt

    brief = corpus(repo).brief("new-start")
    assert "Due for review" not in render_brief(brief, corpus(repo), TODAY)
    late = render_brief(brief, corpus(repo), dt.date(2027, 5, 2))
    assert '<span class="badge badge--review">Due for review since 1 May 2027</span>' in late


def test_front_matter_strings_are_escaped_everywhere(repo):
    repo.edit("briefs/cyber-norms/un-norms.md", 'title: "UN cyber norms"', 'title: "<img src=x onerror=alert(1)>"')
    repo.edit("briefs/cyber-norms/un-norms.md", 'text: "The norms are voluntary."', 'text: "<script>alert(1)</script>"')
    c = corpus(repo)
    page = render_brief(c.brief("un-norms"), c, TODAY)
    assert "<img" not in page.split("---", 2)[2] and "<script>" not in page
    assert "# &lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    theme = render_theme("cyber-norms", c)
    assert '<a class="brief-card__title" href="un-norms/">&lt;img src=x onerror=alert(1)&gt;</a>' in theme


def test_a_card_says_published_until_the_brief_is_updated(repo):
    # Not "Updated" for a brief that never was: the About page gives that word a meaning.
    arms, cyber = render_theme("arms-control", corpus(repo)), render_theme("cyber-norms", corpus(repo))
    assert '<p class="brief-card__meta">Updated <time datetime="2026-11-10">10 November 2026</time></p>' in arms
    assert '<p class="brief-card__meta">Published <time datetime="2026-11-01">1 November 2026</time></p>' in cyber
    assert "Updated" not in cyber
    repo.edit("briefs/cyber-norms/un-norms.md", 'published: "2026-11-01"', 'published: "2026-11-01"\nupdated: "2026-11-01"')
    # An update on the day of publication is no update, as in the brief's header.
    assert "Updated" not in render_theme("cyber-norms", corpus(repo))


def test_theme_page_lists_own_briefs_newest_first_and_drafts_marked(repo):
    page = render_theme("cyber-norms", corpus(repo))
    # same date: ties are broken by title, so "A draft…" comes before "UN cyber norms"
    assert page.index('href="draft-brief/"') < page.index('href="un-norms/"')
    assert '<a class="brief-card__title" href="draft-brief/">A draft that must not be published</a> <span class="badge badge--draft">Draft</span>' in page
    assert page.startswith('---\n{"description": "The rules of responsible state behaviour')
    assert "No briefs on this theme yet." in render_theme("hybrid-warfare", corpus(repo))


def test_front_matter_is_json_unless_yaml_would_read_it_differently():
    """JSON is YAML; but YAML takes U+2028 and U+0085 for line breaks, so such text goes through
    PyYAML, which escapes them. Both read back as the (HTML-escaped) values."""
    fields = {"title": "A & B", "tags": ["x"], "search": {"exclude": True}}
    assert front_matter(fields) == '---\n{"search": {"exclude": true}, "tags": ["x"], "title": "A &amp; B"}\n---\n'
    odd = {"title": "line\u2028separator", "description": "next\x85line"}
    text = front_matter(odd)
    assert text == '---\ndescription: "next\\Nline"\ntitle: "line\\Lseparator"\n---\n'
    assert yaml.safe_load(text.split("---\n")[1]) == odd


def test_reference_formats():
    from briefing.model import SourceMeta

    source = SourceMeta.model_validate(
        {"id": "x", "type": "report", "title": "A <b>", "author": ["Gic, Ariana", "Hopko, Hanna", "Sohn, Roman"],
         "publisher": "Politico", "container-title": "Politico Magazine", "issued": "2020-09-25", "URL": "https://p.com/a?b=1&c=2"}
    )
    assert reference_text(source) == "Gic, Ariana, Hanna Hopko and Roman Sohn. “A <b>.” Politico Magazine, Politico, 25 September 2020. https://p.com/a?b=1&c=2"
    assert reference_html(source) == (
        'Gic, Ariana, Hanna Hopko and Roman Sohn. <a href="https://p.com/a?b=1&amp;c=2">“A &lt;b&gt;.”</a> Politico Magazine, Politico, 25 September 2020.'
    )


def test_relative_urls():
    assert relative_url("arms-control/", "arms-control/new-start/") == "new-start/"
    assert relative_url("", "cyber-norms/") == "cyber-norms/"
    assert relative_url("arms-control/new-start/", "arms-control/") == "../"


def test_partial_dates_order_and_display():
    from briefing.model import PartialDate

    dates = [PartialDate.parse(t) for t in ["2020-08-05", "2020", "2020-08", "2019-12-31"]]
    assert [d.iso() for d in sorted(dates)] == ["2019-12-31", "2020", "2020-08", "2020-08-05"]
    assert [d.display() for d in sorted(dates)] == ["31 December 2019", "2020", "August 2020", "5 August 2020"]
    assert PartialDate.parse("2020-08").precision == "month"


def test_reference_punctuation_is_not_doubled():
    from briefing.model import SourceMeta

    source = SourceMeta.model_validate(
        {"id": "x", "type": "webpage", "title": "Is it time for a reset?", "author": ["Kimball, Daryl G."], "publisher": "ACA"}
    )
    assert reference_text(source) == "Kimball, Daryl G. “Is it time for a reset?” ACA, n.d."


def test_deferred_html_blocks_round_trip():
    from briefing.site import defer_html_blocks, restore_blocks

    markdown = "---\ntitle: T\n---\n# T\n\n<ol class=\"x\">\n<li>a</li>\n</ol>\n\n## 2020 {: #y }\n\n<!-- kept -->\n\n<p>b</p>\n"
    deferred, blocks = defer_html_blocks(markdown)
    assert deferred == "---\ntitle: T\n---\n# T\n\n<!-- briefing:block 0 -->\n\n## 2020 {: #y }\n\n<!-- kept -->\n\n<!-- briefing:block 1 -->"
    assert blocks == ['<ol class="x">\n<li>a</li>\n</ol>', "<p>b</p>"]
    assert restore_blocks("<h1>T</h1>\n<!-- briefing:block 0 -->\n<!-- briefing:block 1 -->", blocks) == (
        '<h1>T</h1>\n<ol class="x">\n<li>a</li>\n</ol>\n<p>b</p>'
    )


def test_a_theme_page_shows_only_its_newest_events_and_links_to_the_rest(repo, monkeypatch):
    from briefing import render
    from briefing.derive import merged_timeline

    c = corpus(repo)
    events = [e for e in merged_timeline(c.briefs) if "arms-control" in e.themes]
    assert len(events) == 2
    monkeypatch.setattr(render, "THEME_TIMELINE_EVENTS", 1)
    page = render_theme("arms-control", c, merged_timeline(c.briefs))
    assert page.count('<li id="event-') == 1
    assert f'<li id="{events[0].anchor}"' in page and f'<li id="{events[1].anchor}"' not in page
    assert (
        "<p>The 1 newest of 2 events from this theme's briefs. "
        '<a href="../timeline/?themes=arms-control">See all of them</a>, with the other themes if you wish.</p>'
    ) in page


def test_a_source_is_formatted_once_however_many_pages_list_it(repo, monkeypatch):
    import briefing.corpus

    calls = []
    monkeypatch.setattr(briefing.corpus, "reference_html", lambda source: calls.append(source.id) or reference_html(source))
    whole = corpus(repo)
    pages = [render_brief(brief, whole, TODAY) for brief in whole.briefs]
    cited = sorted({key for brief in whole.briefs for key in brief.cited_keys()})
    assert sorted(calls) == cited  # each cited source once, though "un-2015-gge-report" is on 2 pages
    assert sum(reference_html(whole.sources["un-2015-gge-report"]) in page for page in pages) == 2
