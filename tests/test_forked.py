"""Work done in a forked process (briefing.forked): the same results as made here, whatever
happens to the worker; and the two uses, generated pages and checking ahead, change nothing."""

import os
import signal
import time
from pathlib import Path

import pytest
from briefing import validate
from briefing.check_cache import CheckCache
from briefing.forked import ForkedWorker
from briefing.site import SiteBuild
from briefing.validate import check_corpus

from conftest import TODAY

HERE = os.getpid()


@pytest.fixture(autouse=True)
def no_hang():
    """A worker that is never stopped would hang the test: fail it instead."""
    signal.alarm(60)
    yield
    signal.alarm(0)


def where() -> str:
    return "here" if os.getpid() == HERE else "worker"


def test_results_come_from_the_forked_worker_in_its_order():
    worker = ForkedWorker({"a": lambda: ("a", where()), "b": lambda: ("b", where())})
    pid = worker.pid
    assert pid is not None and pid != HERE
    assert worker.get("b") == ("b", "worker")
    assert worker.get("a") == ("a", "worker")  # sent before b, kept until asked for
    worker.close()
    assert worker.pid is None
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(pid, os.WNOHANG)


def test_the_pipe_holds_a_mebibyte_so_large_results_arrive_in_few_reads():
    worker = ForkedWorker({"a": lambda: "x" * 3_000_000})
    assert worker.pipe_bytes == 1 << 20
    assert worker.get("a") == "x" * 3_000_000
    worker.close()


def test_sent_gives_a_result_only_once_and_only_when_it_has_arrived():
    worker = ForkedWorker({"a": lambda: 1, "b": lambda: 2})
    assert worker.get("b") == 2
    assert worker.sent("a") == 1
    assert worker.sent("a") is None
    worker.close()


def test_without_fork_every_result_is_made_here():
    worker = ForkedWorker({"a": lambda: where()}, fork=False)
    assert worker.pid is None
    assert worker.get("a") == "here"
    assert worker.sent("a") is None


def test_a_result_the_worker_fails_to_make_is_made_here_with_its_real_error():
    def broken():
        raise ValueError(f"cannot make this page ({where()})")

    worker = ForkedWorker({"fine": lambda: where(), "broken": broken, "after": lambda: where()})
    assert worker.get("fine") == "worker"
    with pytest.raises(ValueError, match=r"^cannot make this page \(here\)$"):
        worker.get("broken")
    assert worker.get("after") == "here"  # the worker stopped at the error
    worker.close()


def test_when_the_worker_dies_the_rest_is_made_here():
    def dies():
        if where() == "worker":
            os.kill(os.getpid(), signal.SIGKILL)
        return "made here"

    worker = ForkedWorker({"first": lambda: where(), "dies": dies, "last": lambda: where()})
    assert [worker.get(k) for k in ("first", "dies", "last")] == ["worker", "made here", "here"]
    worker.close()


def test_close_stops_a_worker_that_is_still_busy():
    worker = ForkedWorker({"slow": lambda: time.sleep(3600)})
    pid = worker.pid
    worker.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert worker.pid is None


def test_generated_pages_from_the_worker_are_those_made_here(repo):
    here = SiteBuild(repo.path, include_drafts=True, today=TODAY)
    pages = here.pages()
    forked = SiteBuild(repo.path, include_drafts=True, today=TODAY)
    forked.start_pages(fork=True)
    assert forked.page_worker.pid is not None
    assert forked.generated_uris() == list(pages)
    assert {uri: forked.page(uri) for uri in forked.generated_uris()} == pages
    assert forked.deferred == here.deferred
    assert any(forked.deferred.values())  # the HTML blocks set aside travel with the pages
    forked.stop_pages()
    assert forked.page_worker.pid is None


def _after_the_worker(check_brief_file):
    """check_brief_file, but only once a worker working ahead (if any) has sent everything."""

    def after_the_worker(self, path):
        worker = self.ahead
        with worker.arrived:
            worker.arrived.wait_for(lambda: worker.reader is None)
        return check_brief_file(self, path)

    return after_the_worker


def _all_ahead(monkeypatch) -> list:
    """Work ahead whatever the size, and check each brief only once the worker has sent
    everything (by itself the run takes a file from the worker only if it is there).
    Returns the keys of everything the run took from the worker: files checked there (their
    paths) or YAML documents parsed there (their keys)."""
    taken = []
    sent = ForkedWorker.sent

    def counted(self, key):
        result = sent(self, key)
        if result is not None:
            taken.append(key)
        return result

    monkeypatch.setattr(ForkedWorker, "sent", counted)
    monkeypatch.setattr(validate._Checker, "check_brief_file", _after_the_worker(validate._Checker.check_brief_file))
    monkeypatch.setattr(validate, "CHECK_AHEAD_BYTES", 0)
    return taken


def _briefs(repo) -> list:
    return sorted((repo.path / "briefs").glob("*/*.md"))


def _files(repo) -> list:
    return _briefs(repo) + [repo.path / "briefs" / name for name in ("themes.yml", "sources.yml", "tags.yml")]


@pytest.mark.parametrize("need_corpus", [False, True], ids=["check", "build"])
def test_working_ahead_changes_no_problem_no_line_and_no_brief(repo, monkeypatch, need_corpus):
    repo.edit("briefs/arms-control/new-start.md", "confidence: high", "confidence: hihg")
    repo.edit("briefs/cyber-norms/un-norms.md", "title:", "title: [unclosed\ntitle:")
    repo.edit("briefs/cyber-norms/draft-brief.md", "theme: cyber-norms", "theme: cyber-norms\r")
    from_scratch = check_corpus(repo.path, TODAY, need_corpus=need_corpus)

    taken = _all_ahead(monkeypatch)
    ahead = check_corpus(repo.path, TODAY, need_corpus=need_corpus)
    files = _files(repo)
    assert taken == _briefs(repo)  # every brief checked there; the registries are checked here
    assert [str(p) for p in ahead.problems] == [str(p) for p in from_scratch.problems]
    assert ahead.files_checked == from_scratch.files_checked == len(files)
    assert any("'hihg'" in str(p) for p in ahead.problems)
    assert any("un-norms.md:3:6: YAML: syntax error" in str(p) for p in ahead.problems)
    assert any("draft-brief.md:" in str(p) and "Windows (CRLF)" in str(p) for p in ahead.problems)


def test_a_build_working_ahead_makes_the_same_corpus(repo, monkeypatch):
    here = check_corpus(repo.path, TODAY).corpus
    taken = _all_ahead(monkeypatch)
    ahead = check_corpus(repo.path, TODAY).corpus
    assert taken == _briefs(repo)  # every brief's front matter came from the worker
    assert here is not None and ahead == here
    assert [b.found_in_body for b in ahead.briefs] == [b.found_in_body for b in here.briefs]


def test_the_run_stops_its_worker(repo, monkeypatch):
    workers = []
    start = ForkedWorker._start
    monkeypatch.setattr(ForkedWorker, "_start", lambda self: workers.append(self) or start(self))
    monkeypatch.setattr(validate, "CHECK_AHEAD_BYTES", 0)
    check_corpus(repo.path, TODAY)
    assert len(workers) == 1 and workers[0].pid is None


def test_too_little_to_do_is_not_done_ahead(repo, monkeypatch):
    started = []
    monkeypatch.setattr(ForkedWorker, "_start", lambda self: started.append(self))
    check_corpus(repo.path, TODAY)
    check_corpus(repo.path, TODAY, need_corpus=False)
    assert started == []


def test_a_check_works_ahead_only_on_what_it_does_not_remember_and_reads_each_file_once(repo, tmp_path, monkeypatch):
    _all_ahead(monkeypatch)
    started = []
    start = ForkedWorker._start
    monkeypatch.setattr(ForkedWorker, "_start", lambda self: started.append(list(self.makers)) or start(self))
    reads = []
    read_file = validate.read_file
    monkeypatch.setattr(validate, "read_file", lambda path: reads.append(path.name) or read_file(path))

    check_corpus(repo.path, TODAY, CheckCache(tmp_path / "cache"), need_corpus=False)
    assert started == [list(reversed(_briefs(repo)))]  # from scratch: every brief, from the last back
    # ... and the worker reads them itself (its reads are not seen here), once: the run reads only the registries
    assert sorted(reads) == ["sources.yml", "tags.yml", "themes.yml"]

    reads.clear()
    check_corpus(repo.path, TODAY, CheckCache(tmp_path / "cache"), need_corpus=False)
    assert len(started) == 1  # everything remembered: no worker
    assert sorted(reads) == sorted(path.name for path in _files(repo))

    reads.clear()
    repo.edit("briefs/arms-control/new-start.md", "confidence: high", "confidence: low")
    check_corpus(repo.path, TODAY, CheckCache(tmp_path / "cache"), need_corpus=False)
    assert started[1:] == [[repo.path / "briefs/arms-control/new-start.md"]]
    assert sorted(reads) == sorted(path.name for path in _files(repo))


@pytest.mark.parametrize("need_corpus", [False, True], ids=["check", "build"])
def test_working_ahead_remembers_what_working_here_remembers(repo, tmp_path, monkeypatch, need_corpus):
    here = CheckCache(tmp_path / "here")
    check_corpus(repo.path, TODAY, here, need_corpus=need_corpus)
    taken = _all_ahead(monkeypatch)
    ahead = CheckCache(tmp_path / "ahead")
    check_corpus(repo.path, TODAY, ahead, need_corpus=need_corpus)
    assert taken == _briefs(repo)
    assert ahead.yaml.used == here.yaml.used and len(here.yaml.used) == len(_files(repo))
    assert ahead.results.used == here.results.used


def test_the_mkdocs_build_makes_its_pages_in_a_page_worker_and_stops_it(repo, monkeypatch):
    """The adapter's side (hooks/mkdocs_hooks.py): a real MkDocs build, in this process, starts
    one page worker for every generated file and stops it when the build ends."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    workers = []
    start = ForkedWorker._start
    monkeypatch.setattr(ForkedWorker, "_start", lambda self: workers.append(self) or start(self))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("BRIEFING_PDF", raising=False)
    monkeypatch.chdir(repo.path)
    config = load_config(str(repo.path / "mkdocs.yml"), site_dir=str(repo.path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert len(workers) == 1  # the fixture corpus is too small to check ahead
    pages = workers[0]
    expected = SiteBuild(repo.path, include_drafts=False, today=TODAY)
    expected.start_pages(fork=False)
    assert list(pages.makers) == expected.generated_uris()  # every generated file, in order
    assert pages.pid is None  # stopped and reaped
    assert "New START" in (repo.path / "site/arms-control/new-start/index.html").read_text(encoding="utf-8")
