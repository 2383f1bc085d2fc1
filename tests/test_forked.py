"""Work done in a forked process (briefing.forked): the same results as made here, whatever
happens to the worker; and the two uses, generated pages and parsing ahead, change nothing."""

import os
import signal
import time

import pytest
from briefing import check_cache, validate
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
    """check_brief_file, but only once a worker parsing ahead (if any) has sent everything."""

    def after_the_worker(self, path):
        parser = self.cache.parser
        with parser.arrived:
            parser.arrived.wait_for(lambda: parser.reader is None)
        return check_brief_file(self, path)

    return after_the_worker


def _parse_all_ahead(monkeypatch) -> list[bool]:
    """Parse ahead whatever the size, and check each brief only once the worker has sent
    everything (by itself the run takes a document from the worker only if it is there).
    Returns, for every document the run parses, whether the worker had sent it (the first
    one starts the worker, so only by chance)."""
    taken = []
    sent = ForkedWorker.sent

    def counted(self, key):
        result = sent(self, key)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(ForkedWorker, "sent", counted)
    monkeypatch.setattr(validate._Checker, "check_brief_file", _after_the_worker(validate._Checker.check_brief_file))
    monkeypatch.setattr(check_cache, "PARSE_AHEAD_BYTES", 0)
    return taken


def test_parsing_ahead_changes_no_problem_and_no_line(repo, monkeypatch):
    repo.edit("briefs/arms-control/new-start.md", "confidence: high", "confidence: hihg")
    repo.edit("briefs/cyber-norms/un-norms.md", "title:", "title: [unclosed\ntitle:")
    from_scratch = check_corpus(repo.path, TODAY)

    taken = _parse_all_ahead(monkeypatch)
    cache = CheckCache(None)
    ahead = check_corpus(repo.path, TODAY, cache)
    assert len(taken) == 6 and taken[1:] == [True] * 5
    assert [str(p) for p in ahead.problems] == [str(p) for p in from_scratch.problems]
    assert any("'hihg'" in str(p) for p in ahead.problems)
    assert any("un-norms.md:3:6: YAML: syntax error" in str(p) for p in ahead.problems)
    assert cache.parser.pid is None  # the run stopped its worker


def test_too_little_yaml_is_not_parsed_ahead(repo, monkeypatch):
    started = []
    monkeypatch.setattr(ForkedWorker, "_start", lambda self: started.append(self))
    check_corpus(repo.path, TODAY)
    assert started == []


def test_a_run_that_finds_everything_remembered_lists_nothing_to_parse_ahead(repo, tmp_path, monkeypatch):
    listed = []
    yaml_documents = validate._Checker.yaml_documents
    monkeypatch.setattr(validate._Checker, "yaml_documents", lambda self, *a: listed.append(1) or yaml_documents(self, *a))
    check_corpus(repo.path, TODAY, CheckCache(tmp_path / "cache"))
    assert listed == [1]  # from scratch: listed once, at the first document to parse
    check_corpus(repo.path, TODAY, CheckCache(tmp_path / "cache"))
    assert listed == [1]  # everything remembered: no file read twice, nothing listed


def test_parsing_ahead_remembers_what_parsing_here_remembers(repo, tmp_path, monkeypatch):
    here = CheckCache(tmp_path / "here")
    check_corpus(repo.path, TODAY, here)
    taken = _parse_all_ahead(monkeypatch)
    ahead = CheckCache(tmp_path / "ahead")
    check_corpus(repo.path, TODAY, ahead)
    assert len(taken) == 6 and taken[1:] == [True] * 5
    assert ahead.yaml.used == here.yaml.used and len(here.yaml.used) == 6
