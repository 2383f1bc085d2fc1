"""Citation syntax: what is found, where, and how it is rewritten."""

from briefing.citations import BriefLink, Citation, CitedItem, MalformedCitation, rewrite_body, scan_body


def test_single_locator_and_multiple_citations():
    found = scan_body("A [@shea-2021]. B [@shea-2021, para. 12].\nC [@a; @b, p. 3].", first_line=10)
    assert found == [
        Citation((CitedItem("shea-2021"),), 10, "[@shea-2021]"),
        Citation((CitedItem("shea-2021", "para. 12"),), 10, "[@shea-2021, para. 12]"),
        Citation((CitedItem("a"), CitedItem("b", "p. 3")), 11, "[@a; @b, p. 3]"),
    ]


def test_every_citation_and_link_has_its_own_line_in_the_order_of_the_body():
    body = "Intro [[new-start]].\n\nA claim [@a].\n\nAnother [@b], see [[un-norms|the norms]].\n[@c]"
    assert [(type(f).__name__, f.line) for f in scan_body(body, first_line=5)] == [
        ("BriefLink", 5),
        ("Citation", 7),
        ("Citation", 9),
        ("BriefLink", 9),
        ("Citation", 10),
    ]


def test_a_citation_may_wrap_but_not_cross_a_paragraph():
    assert scan_body("x [@a;\n@b].") == [Citation((CitedItem("a"), CitedItem("b")), 1, "[@a;\n@b]")]
    assert scan_body("x [@a;\n\nNext paragraph.") == [MalformedCitation("[@a;", 1, "the citation is not closed with ']'")]


def test_malformed_citations_say_why():
    assert scan_body("[@ key] and [@] and [@a, ] and [@a @b]") == [
        MalformedCitation("[@ key]", 1, "no space is allowed between '@' and the source key"),
        MalformedCitation("[@]", 1, "no space is allowed between '@' and the source key"),
        MalformedCitation("[@a, ]", 1, "each item must be '@key' or '@key, locator', separated by ';'"),
        MalformedCitation("[@a @b]", 1, "each item must be '@key' or '@key, locator', separated by ';'"),
    ]


def test_code_blocks_and_code_spans_are_left_alone():
    body = "`[@in-span]` ok [@real]\n\n```\n[@in-fence]\n```\n\n~~~~\n[[no-link]]\n~~~~\nafter [[brief|text]]"
    assert scan_body(body) == [
        Citation((CitedItem("real"),), 1, "[@real]"),
        BriefLink("brief", "text", 10, "[[brief|text]]"),
    ]


def test_each_kind_of_code_is_left_alone_without_the_other():
    # The scan skips its code-span and fence passes when the body has no backtick or no fence.
    assert scan_body("`[@in-span]` [@a]\n\nand ``[[x]]``") == [Citation((CitedItem("a"),), 1, "[@a]")]
    assert scan_body("~~~\n[@in-fence]\n~~~\n[@a]") == [Citation((CitedItem("a"),), 4, "[@a]")]
    assert scan_body("[@a] and [[b]]", first_line=7) == [Citation((CitedItem("a"),), 7, "[@a]"), BriefLink("b", "", 7, "[[b]]")]


def test_emails_and_ordinary_links_are_not_citations():
    assert scan_body("Write to someone@example.org or see [the text](https://x.org/@a).") == []


def test_rewrite_replaces_only_what_scan_found():
    body = "A [@a]. `[@a]` stays.\n\n```\n[@a]\n```\nB [[x]] and [@b, p. 2]."
    rewritten = rewrite_body(body, lambda f: f"<{type(f).__name__}>")
    assert rewritten == "A <Citation>. `[@a]` stays.\n\n```\n[@a]\n```\nB <BriefLink> and <Citation>."
