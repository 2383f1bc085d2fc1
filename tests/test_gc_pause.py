"""The garbage collector is paused while the corpus is loaded and its pages made, and only then."""

import gc

import pytest
from briefing import derive, site, validate
from briefing.gc_pause import gc_paused
from briefing.site import SiteBuild
from briefing.validate import check_corpus

from conftest import TODAY


def test_paused_inside_and_restored_after_even_when_nested():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not resume what the outer paused
    assert gc.isenabled()


def test_restored_after_an_error():
    with pytest.raises(ValueError, match="bad brief"):
        with gc_paused():
            raise ValueError("bad brief")
    assert gc.isenabled()


def test_left_paused_when_the_caller_had_paused_it():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_check_and_page_making_run_paused_and_resume_after(repo, monkeypatch):
    seen = []

    def recording(function):
        def wrapper(*args, **kwargs):
            seen.append((function.__name__, gc.isenabled()))
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(validate._Checker, "cross_rules", recording(validate._Checker.cross_rules))
    monkeypatch.setattr(derive, "related_briefs", recording(derive.related_briefs))
    monkeypatch.setattr(site, "render_brief", recording(site.render_brief))
    assert check_corpus(repo.path, TODAY).corpus is not None
    assert gc.isenabled()
    build = SiteBuild(repo.path, include_drafts=False, today=TODAY)
    assert gc.isenabled()
    build.pages()
    assert gc.isenabled()
    assert seen == [
        ("cross_rules", False),  # check_corpus
        ("cross_rules", False),  # SiteBuild's check
        ("related_briefs", False),
        ("render_brief", False),  # new-start and un-norms; the draft is left out
        ("render_brief", False),
    ]
