"""The parse cache (.cache/check/): unchanged files are not parsed again, and what is reported
never depends on whether a file came from the cache."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from briefing.check_cache import CheckCache, _Store, enabled
from briefing.validate import check_corpus
from briefing.yamlpos import parse_yaml

from conftest import TODAY

FILES = 6  # the fixture corpus: three registries and three briefs


def stored_yaml(cache_dir: Path) -> tuple[Path, dict[str, str]]:
    """The parsed-YAML store's file and its entries, read as a line each: key, tab, JSON."""
    (file,) = cache_dir.glob("yaml-*.jsonl")
    lines = file.read_text().split("\n")  # not splitlines(): an entry may hold U+2028
    assert lines.pop() == ""
    return file, dict(line.split("\t", 1) for line in lines)


def check(repo, cache_dir, new_process=False):
    if new_process:  # `mkdocs serve` keeps the entries in memory between rebuilds; a new process reads the file
        CheckCache._in_memory.clear()
    cache = CheckCache(cache_dir)
    return check_corpus(repo.path, TODAY, cache), cache


def test_a_second_check_parses_nothing_and_reports_the_same(repo, tmp_path):
    first, cold = check(repo, tmp_path / "cache")
    second, warm = check(repo, tmp_path / "cache")
    assert (cold.yaml.hits, cold.yaml.misses) == (0, FILES)
    assert (warm.yaml.hits, warm.yaml.misses) == (FILES, 0)
    assert second.problems == first.problems
    assert second.corpus == first.corpus
    assert [b.meta for b in second.corpus.briefs] == [b.meta for b in check_corpus(repo.path, TODAY).corpus.briefs]


def test_an_edited_file_is_parsed_again_and_its_problem_reported_at_its_line(repo, tmp_path):
    check(repo, tmp_path / "cache")
    repo.edit("briefs/cyber-norms/un-norms.md", "confidence: moderate", "confidence: medium")
    result, cache = check(repo, tmp_path / "cache")
    assert (cache.yaml.hits, cache.yaml.misses) == (FILES - 1, 1)
    assert [str(p) for p in result.problems] == [
        "briefs/cyber-norms/un-norms.md:14: key_judgments[2].confidence: unknown value 'medium' — expected one of: low, moderate, high"
    ]
    assert [str(p) for p in check_corpus(repo.path, TODAY).problems] == [str(p) for p in result.problems]


def test_a_file_with_a_syntax_error_is_never_cached(repo, tmp_path):
    repo.edit("briefs/cyber-norms/un-norms.md", "theme: cyber-norms", "theme: [cyber-norms")
    for misses in (FILES, 1):
        result, cache = check(repo, tmp_path / "cache")
        assert cache.yaml.misses == misses
        assert result.errors[0].path == "briefs/cyber-norms/un-norms.md" and result.errors[0].field == "YAML"


def test_cached_documents_keep_dates_yaml_words_and_lines(tmp_path):
    text = "published: 2026-11-01\nat: 2026-11-01 10:30:00\nstatus: no\nratio: .5\nbig: 12345678901234567890\nlist:\n  - a\n  - {b: 1}\n"
    fresh = parse_yaml(text, "briefs/x.md", 2)
    writer = CheckCache(tmp_path)
    writer.parse(text, "briefs/x.md", 2)
    writer.save()
    CheckCache._in_memory.clear()
    reader = CheckCache(tmp_path)
    cached = reader.parse(text, "briefs/x.md", 2)
    assert reader.yaml.hits == 1
    assert cached.data == fresh.data == {
        "published": dt.date(2026, 11, 1), "at": dt.datetime(2026, 11, 1, 10, 30), "status": False, "ratio": 0.5,
        "big": 12345678901234567890, "list": ["a", {"b": 1}],
    }
    assert cached.lines == fresh.lines and cached.lines[("list", 1, "b")] == 9
    assert cached.raw_scalars == fresh.raw_scalars and cached.raw_scalars[("status",)] == "no"


def test_a_damaged_cache_is_ignored_and_replaced(repo, tmp_path):
    check(repo, tmp_path / "cache")
    stored, entries = stored_yaml(tmp_path / "cache")
    first_key = next(iter(entries))
    entries[first_key] = "[not json"
    stored.write_text("".join(f"{key}\t{entry}\n" for key, entry in entries.items()))
    result, cache = check(repo, tmp_path / "cache", new_process=True)
    assert (cache.yaml.hits, cache.yaml.misses) == (FILES - 1, 1) and result.problems == []
    stored.write_text(stored.read_text()[:-40])  # the last entry cut short, as by a full disk
    result, cache = check(repo, tmp_path / "cache", new_process=True)
    assert (cache.yaml.hits, cache.yaml.misses) == (FILES - 1, 1) and result.problems == []
    stored.write_text("{ not a store")
    result, cache = check(repo, tmp_path / "cache", new_process=True)
    assert (cache.yaml.hits, cache.yaml.misses) == (0, FILES) and result.problems == []
    assert len(stored_yaml(tmp_path / "cache")[1]) == FILES


def test_the_cache_is_off_under_ci_and_on_request():
    assert enabled({}) is True
    assert enabled({"CI": "true"}) is False
    assert enabled({"BRIEFING_CACHE": "off"}) is False
    assert CheckCache.for_repository(Path("/x"), {"CI": "1"}).yaml.file is None
    assert CheckCache.for_repository(Path("/x"), {}).results.file.parent.as_posix() == "/x/.cache/check"


def quick_check(repo, cache_dir):
    """`briefing check`'s way: no corpus needed, unchanged files skipped whole."""
    cache = CheckCache(cache_dir)
    return check_corpus(repo.path, TODAY, cache, need_corpus=False), cache


def test_briefing_check_skips_unchanged_files_whole_and_still_sees_changes_elsewhere(repo, tmp_path):
    """A brief taken whole from the cache is still checked against the registries as they are
    now: deleting a source it cites is reported at the unchanged brief's line."""
    cold, _ = quick_check(repo, tmp_path / "cache")
    warm, cache = quick_check(repo, tmp_path / "cache")
    assert cold.problems == warm.problems == [] and warm.corpus is None
    assert (cache.results.hits, cache.results.misses) == (FILES, 0)
    sources = repo.read("briefs/sources.yml")
    start = sources.index("- id: un-2015-gge-report")
    end = sources.find("\n- id:", start + 1)
    repo.write("briefs/sources.yml", sources[:start] + (sources[end + 1 :] if end != -1 else ""))
    result, cache = quick_check(repo, tmp_path / "cache")
    assert (cache.results.hits, cache.results.misses) == (FILES - 1, 1)  # only sources.yml changed
    expected = [str(p) for p in check_corpus(repo.path, TODAY).problems]
    assert sorted(str(p) for p in result.problems) == sorted(expected)
    assert any(line.startswith("briefs/cyber-norms/un-norms.md:") and "unknown source 'un-2015-gge-report'" in line for line in expected)


def test_checks_in_a_row_keep_the_parsed_yaml_for_the_next_build(repo, tmp_path, monkeypatch):
    """A check that takes every file's results whole uses no parsed YAML: it neither reads
    that store nor empties it (it did), and the build after it parses nothing."""
    quick_check(repo, tmp_path / "cache")
    reads = []
    read = _Store._read
    monkeypatch.setattr(_Store, "_read", lambda self: reads.append(self.file.name.split("-")[0]) or read(self))
    for _ in range(2):
        CheckCache._in_memory.clear()  # a new process
        result, cache = quick_check(repo, tmp_path / "cache")
        assert (cache.results.hits, cache.yaml.hits, cache.yaml.misses) == (FILES, 0, 0) and result.problems == []
    assert reads == ["results", "results"]
    CheckCache._in_memory.clear()
    built, cache = check(repo, tmp_path / "cache")
    assert (cache.yaml.hits, cache.yaml.misses) == (FILES, 0) and built.corpus is not None


def test_a_brief_checked_on_another_day_is_checked_again(repo, tmp_path):
    """One rule compares dates with today (a published date in the future): results are per day."""
    quick_check(repo, tmp_path / "cache")
    cache = CheckCache(tmp_path / "cache")
    check_corpus(repo.path, TODAY + dt.timedelta(days=1), cache, need_corpus=False)
    assert cache.results.misses == 3 and cache.results.hits == 3  # the briefs again; not the registries


def test_a_line_found_for_a_report_is_remembered(repo, tmp_path):
    """Plain documents are read and stored without their lines (see yamlpos.parse_yaml); the
    first report that needs one finds them, and the store keeps them for the next run."""
    quick_check(repo, tmp_path / "cache")
    _, stored = stored_yaml(tmp_path / "cache")
    assert [lines for _, lines, _ in map(json.loads, stored.values())] == [None] * FILES
    sources = repo.read("briefs/sources.yml")
    start = sources.index("- id: un-2015-gge-report")
    end = sources.find("\n- id:", start + 1)
    repo.write("briefs/sources.yml", sources[:start] + (sources[end + 1 :] if end != -1 else ""))
    first, cache = quick_check(repo, tmp_path / "cache")
    assert cache.yaml.updates == 2  # the two briefs that cite the source: each located once
    second, cache = quick_check(repo, tmp_path / "cache")
    assert cache.yaml.updates == 0 and [str(p) for p in second.problems] == [str(p) for p in first.problems]
    assert [str(p) for p in first.problems] == [str(p) for p in check_corpus(repo.path, TODAY).problems]
    assert [f"{p.path}:{p.line}: {p.field}" for p in first.problems] == [
        "briefs/cyber-norms/draft-brief.md:11: key_judgments[1].sources",
        "briefs/cyber-norms/draft-brief.md:14: key_judgments[2].sources",
        "briefs/cyber-norms/draft-brief.md:19: body",
        "briefs/cyber-norms/un-norms.md:12: key_judgments[1].sources",
        "briefs/cyber-norms/un-norms.md:15: key_judgments[2].sources",
        "briefs/cyber-norms/un-norms.md:20: body",
    ]


def test_a_registry_taken_from_the_cache_still_reports_at_its_lines(repo, tmp_path):
    """`briefing check` keeps a registry's entries by index; the line of a warning about one is
    found by parsing the file again, and is the same as from scratch."""
    repo.write("briefs/sources.yml", repo.read("briefs/sources.yml") + '- id: unused\n  type: report\n  title: "Unused"\n  publisher: "P"\n  URL: "https://example.org/"\n')
    expected = ["briefs/sources.yml:28: warning: id: source 'unused' is not cited by any brief — cite it or remove it"]
    for run in ("fills", "reads"):
        CheckCache._in_memory.clear()
        result, cache = quick_check(repo, tmp_path / "cache")
        assert [str(p) for p in result.problems] == expected, run
    assert (cache.results.hits, cache.results.misses) == (FILES, 0)
    assert [str(p) for p in check_corpus(repo.path, TODAY).problems] == expected


def test_each_entry_is_one_line_and_an_old_json_store_is_removed(tmp_path):
    """rapidyaml's JSON of a document spans lines, and a string may hold U+2028, a line break
    to str.splitlines; the store keeps each entry on one line of its own, and a store in the
    format before this one is deleted, not read."""
    (tmp_path / "yaml-0123456789abcdef.json").write_text('{"key": "[1, null, null]"}')
    documents = {
        "briefs/a.md": 'title: "Quoted: yes"\nkey_judgments:\n  - text: x\n    sources: [a, b]\n',  # rapidyaml reads it
        "briefs/b.md": 'title: "A\\u2028B"\nkey_judgments:\n  - text: x\n    sources: [a, b]\n',  # an escape: PyYAML does
    }
    writer = CheckCache(tmp_path)
    written = {path: writer.parse(text, path, 2).data for path, text in documents.items()}
    writer.save()
    file, entries = stored_yaml(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [file.name] and len(entries) == 2
    assert file.read_text().count("\n") == 2 and "\u2028" in file.read_text()
    CheckCache._in_memory.clear()
    reader = CheckCache(tmp_path)
    read = {path: reader.parse(text, path, 2) for path, text in documents.items()}
    assert (reader.yaml.hits, reader.yaml.misses) == (2, 0)
    assert {path: doc.data for path, doc in read.items()} == written == {
        "briefs/a.md": {"title": "Quoted: yes", "key_judgments": [{"text": "x", "sources": ["a", "b"]}]},
        "briefs/b.md": {"title": "A\u2028B", "key_judgments": [{"text": "x", "sources": ["a", "b"]}]},
    }
    assert read["briefs/a.md"].line_of(("key_judgments", 0, "sources", 1)) == 5
