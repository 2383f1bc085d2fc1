"""Every case of the bad-input catalogue (tests/bad_inputs.py): no traceback, the exact located
report, and a build that stops."""

import pytest
from bad_inputs import CASES, Case
from briefing.check_cache import CheckCache
from briefing.problems import format_report
from briefing.site import InvalidCorpus, SiteBuild
from briefing.validate import check_corpus

from conftest import TODAY


def test_the_catalogue_is_large_and_its_names_unique():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_gets_its_located_report_and_stops_the_build(repo, case: Case):
    for step in case.steps:
        step(repo)
    result = check_corpus(repo.path, TODAY)  # an exception here is the failure this test exists for
    assert format_report(result.problems, result.files_checked).splitlines() == list(case.report)
    # `briefing check` with its cache: the same report when it fills the cache, and when it
    # takes every unchanged file from it.
    for run in ("fills", "reads"):
        CheckCache._in_memory.clear()
        cache = CheckCache(repo.path / ".cache" / "check")
        quick = check_corpus(repo.path, TODAY, cache, need_corpus=False)
        assert format_report(quick.problems, quick.files_checked).splitlines() == list(case.report), run
        files = len(list((repo.path / "briefs").glob("*/*.md"))) + 3  # the briefs, and themes, sources, tags
        assert cache.results.hits == (files if run == "reads" else 0), run
    if case.stops_the_build:
        assert result.corpus is None
        # the MkDocs hook builds through SiteBuild: it must refuse with the same report
        with pytest.raises(InvalidCorpus) as refused:
            SiteBuild(repo.path, include_drafts=True, today=TODAY)
        assert str(refused.value).splitlines() == list(case.report)
    else:
        # warnings only: the corpus is usable, and the strict production build fails on the
        # warnings the hook logs (tests/test_build.py::test_warnings_fail_the_strict_production_build)
        assert result.corpus is not None and result.warnings
