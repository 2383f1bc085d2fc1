"""`make bench`: build synthetic corpora of several sizes and print a table of figures.

For each size it measures, on this machine:
- the full production build (`mkdocs build --strict`, our hooks, every generated page and
  export; PDFs off) — wall time and peak memory;
- the same brief pages built by plain MkDocs + Material with navigation.prune and no hooks
  (the pages are pre-rendered by our code and written as ordinary Markdown files): the floor of
  this stack, measured in the same run, and the ratio of the two;
- the time the build spends in our own code (bench/timed_build.py: our hook events, and the
  waits for generated pages), cold and warm, and its share of the build: the page worker's work
  on the other core is not in it, so all our work on one core (load, validate, derive, render,
  in-process) is shown too;
- `briefing check` as the command runs it, each run in a fresh process (bench/timed_check.py:
  the check itself, without Python's start and imports, which the whole command's time adds),
  and its briefs per second; and its floor: the libraries it stands on timed alone, next to our
  whole check on one core (bench/check_floor.py);
and, once, at the smallest size: the full build with PDFs on (seconds per handout) and the
rebuild time of `mkdocs serve` after one brief changes.

Figures are printed and written to bench/results.md. This is a benchmark, not a test: it asserts
nothing; the targets are printed next to the figures.

    python bench/run.py [--sizes 100 1000 5000] [--repeat 1] [--no-pdf] [--no-serve]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_floor import floor_note  # noqa: E402
from synthetic import make_corpus  # noqa: E402
import yaml  # noqa: E402

from briefing.site import SiteBuild  # noqa: E402
from briefing.check_cache import CheckCache  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TODAY = dt.date(2026, 11, 22)
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1795305600")
ENV.pop("BRIEFING_DRAFTS", None)
ENV.pop("BRIEFING_PDF", None)
ENV.pop("CI", None)  # the parse cache is on; each cold build starts with .cache/check/ removed
ENV["BRIEFING_CACHE"] = "on"

PLAIN_MKDOCS_YML = """site_name: Plain
site_url: https://example.org/
theme:
  name: material
  font: false
  features: [navigation.indexes, navigation.prune]
plugins: [search]
markdown_extensions: [attr_list, md_in_html, admonition, tables, toc]
"""


def repository(corpus: Path) -> Path:
    """Lay out a corpus as a repository: our mkdocs.yml, docs/, hooks/, overrides/."""
    shutil.copy(ROOT / "mkdocs.yml", corpus / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", corpus / "docs", dirs_exist_ok=True)
    for name in ("hooks", "overrides"):
        if not (corpus / name).exists():
            (corpus / name).symlink_to(ROOT / name)
    if (ROOT / "CONTRIBUTING.md").exists():
        shutil.copy(ROOT / "CONTRIBUTING.md", corpus / "CONTRIBUTING.md")
    return corpus


def run_measured(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds and peak resident memory (MiB) of one child process."""
    wrapper = [sys.executable, "-c", (
        "import resource,subprocess,sys,time;t=time.perf_counter();"
        "r=subprocess.run(sys.argv[1:]);w=time.perf_counter()-t;"
        "print(f'__bench__ {w} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}',file=sys.stderr);sys.exit(r.returncode)"
    )] + cmd
    result = subprocess.run(wrapper, cwd=cwd, env=env, capture_output=True, text=True)
    match = re.search(r"__bench__ (\S+) (\d+)", result.stderr)
    if result.returncode != 0 or not match:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr[-2000:]}")
    return float(match.group(1)), int(match.group(2)) / 1024, result


def plain_copy(repo: Path, out: Path) -> Path:
    """The same brief pages as ordinary Markdown files, for plain MkDocs + Material.

    The navigation has the same shape as ours (each theme: a section index page and the briefs
    SiteBuild.nav_briefs lists; the other briefs built but not in the navigation), because the
    navigation is what decides a page's cost: it is the comparison of like with like."""
    build = SiteBuild(repo, include_drafts=False, today=TODAY)
    docs = out / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Plain\n")
    for brief in build.corpus.briefs:
        target = docs / brief.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_brief_page(build, brief), encoding="utf-8")
    nav: list = ["index.md"]
    for theme in build.corpus.themes:
        (docs / theme.id).mkdir(exist_ok=True)
        (docs / theme.id / "index.md").write_text(f"# {theme.title}\n")
        nav.append({theme.title: [f"{theme.id}/index.md"] + [b.src_uri for b in build.nav_briefs(theme.id)]})
    config = PLAIN_MKDOCS_YML + yaml.safe_dump({"nav": nav, "not_in_nav": "/*/*.md\n"}, sort_keys=False)
    (out / "mkdocs.yml").write_text(config)
    return out


def _brief_page(build: SiteBuild, brief) -> str:
    from briefing.render import BriefContext, render_brief

    context = BriefContext(build.related[brief.id], build.backlinks.get(brief.id, []))
    return render_brief(brief, build.corpus, TODAY, context)


def _cache(repo: Path, warm: bool) -> CheckCache:
    """The check cache as a run would find it: empty (cold) or left by the previous run."""
    CheckCache._in_memory.clear()
    if not warm:
        shutil.rmtree(repo / ".cache" / "check", ignore_errors=True)
    return CheckCache(repo / ".cache" / "check")


def own_code_seconds(repo: Path) -> float:
    """SiteBuild (load, validate, derive) and every generated page and export, in-process,
    all on one core, from scratch: the whole of our work, wherever the build does it."""
    os.environ["BRIEFING_CACHE"] = "off"
    _cache(repo, warm=False)
    start = time.perf_counter()
    build = SiteBuild(repo, include_drafts=False, today=TODAY)
    build.pages()
    return time.perf_counter() - start


def ours_seconds(result: subprocess.CompletedProcess) -> float:
    """The time in our code that bench/timed_build.py reported for its build."""
    return float(re.search(r"__ours__ (\S+)", result.stderr).group(1))


CHECK_RUNS = 5
TIMED_CHECK = [sys.executable, str(ROOT / "bench" / "timed_check.py")]


def check_seconds(repo: Path, warm: bool) -> list[float]:
    """`briefing check` as the command runs it (bench/timed_check.py), CHECK_RUNS times, each in
    a fresh process: from scratch (cold), or with the cache the run before left (warm), when
    unchanged files are skipped whole."""
    times = []
    if warm:  # the cache a previous `briefing check` left (a build stores no registry results)
        _cache(repo, warm=True)
        subprocess.run([*TIMED_CHECK, str(repo)], env=ENV, check=True, capture_output=True)
    for _ in range(CHECK_RUNS):
        _cache(repo, warm)
        result = subprocess.run([*TIMED_CHECK, str(repo)], env=ENV, check=True, capture_output=True, text=True)
        seconds, misses = result.stdout.split("__check__ ")[1].split()
        if warm:
            assert misses == "0", misses
        times.append(float(seconds))
    return times


def command_seconds(repo: Path) -> float:
    """The whole `briefing check` command from scratch, Python's start and imports included."""
    _cache(repo, warm=False)
    start = time.perf_counter()
    subprocess.run([str(BIN / "briefing"), "check"], cwd=repo, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)


def serve_rebuild_seconds(repo: Path) -> float:
    """Start `mkdocs serve`, change one brief, time until the rebuild is done."""
    import socket

    with socket.socket() as probe:  # a free port on the loopback interface
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    proc = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=repo, env=ENV, stderr=subprocess.PIPE, text=True,
    )
    try:
        for line in proc.stderr:
            if "Serving on" in line:
                break
        brief = next((repo / "briefs").glob("*/*.md"))
        text = brief.read_text()
        start = time.perf_counter()
        brief.write_text(text.replace("Synthetic brief", "Synthetic Brief", 1))
        for line in proc.stderr:
            if "Documentation built" in line:
                return time.perf_counter() - start
        raise SystemExit("serve never rebuilt")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=1, help="builds per size (the median is shown)")
    parser.add_argument("--repeat-up-to", type=int, default=1000, help="larger sizes are built once")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()

    rows, notes = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            repo = repository(make_corpus(Path(tmp) / f"corpus-{size}", size))
            plain_repo = plain_copy(repo, Path(tmp) / f"plain-{size}")
            ours, plain, ram, in_build, own_cold = [], [], [], [], []
            build_cmd = [sys.executable, str(ROOT / "bench" / "timed_build.py"), "--strict", "--site-dir", "site"]
            # Ours and plain alternate, and our code is timed in the same round, so that a slow
            # spell of the machine (it varies by a third from hour to hour) falls on all of them.
            for _ in range(args.repeat if size <= args.repeat_up_to else 1):
                _cache(repo, warm=False)
                wall, mib, result = run_measured(build_cmd, repo, ENV)
                ours.append(wall)
                ram.append(mib)
                in_build.append(ours_seconds(result))
                wall, _, _ = run_measured([str(BIN / "mkdocs"), "build", "--site-dir", "site"], plain_repo, ENV)
                plain.append(wall)
                own_cold.append(own_code_seconds(repo))
            _cache(repo, warm=False)
            run_measured(build_cmd, repo, ENV)  # leaves the cache a warm build finds
            warm_build, _, result = run_measured(build_cmd, repo, ENV)
            in_build_warm = ours_seconds(result)
            pages = sum(1 for _ in (repo / "site").rglob("index.html"))
            check_cold, check_warm = check_seconds(repo, warm=False), check_seconds(repo, warm=True)
            own, check = median(own_cold), median(check_cold)
            rows.append((size, pages, median(ours), warm_build, max(ram), median(plain), median(in_build), in_build_warm, own, check, median(check_warm), min(check_cold)))
            notes.append(
                f"`briefing check` at {size:,} briefs, {CHECK_RUNS} runs each in a fresh process (bench/timed_check.py): "
                f"cold {', '.join(f'{t:.2f}' for t in check_cold)} s, best {size / min(check_cold):,.0f} briefs/s; "
                f"warm {', '.join(f'{t:.3f}' for t in check_warm)} s; the whole command from scratch, Python's start and "
                f"imports included: {command_seconds(repo):.2f} s"
            )
            print(f"{size:>6} briefs: build {median(ours):.1f} s (warm {warm_build:.1f} s), plain {median(plain):.1f} s, "
                  f"ours in the build {median(in_build):.2f} s (warm {in_build_warm:.2f} s), all our work on one core {own:.2f} s, "
                  f"check {check:.2f} s (warm {rows[-1][10]:.2f} s)", flush=True)
            notes.append(floor_note(repo, TODAY))
            print(notes[-1], flush=True)
            if size == min(args.sizes):
                if not args.no_pdf:
                    pdf_env = dict(ENV, BRIEFING_PDF="1")
                    shutil.rmtree(repo / ".cache", ignore_errors=True)
                    wall, mib, result = run_measured([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", "site-pdf"], repo, pdf_env)
                    handouts = len(list((repo / "site-pdf" / "pdf").glob("*.pdf")))
                    notes.append(f"PDFs on at {size} briefs: build {wall:.1f} s, {handouts} handouts, {mib:.0f} MiB peak; "
                                 f"{(wall - median(ours)) / max(handouts, 1):.2f} s per handout over the PDF-off build (both cores)")
                    wall2, _, _ = run_measured([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", "site-pdf2"], repo, pdf_env)
                    notes.append(f"PDFs on again with the cache warm: {wall2:.1f} s (unchanged handouts are not re-rendered)")
                if not args.no_serve:
                    notes.append(f"`mkdocs serve` rebuild after one brief changed, at {size} briefs: {serve_rebuild_seconds(repo):.1f} s")

    by_size = {r[0]: r for r in rows}
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; "
        f"run on {dt.date.today().isoformat()}; median of {args.repeat} build(s) per size up to {args.repeat_up_to:,} briefs, "
        "one build above. Synthetic briefs of about 800 words (bench/synthetic.py). PDFs off unless stated. "
        "*Cold*: no parse cache (a fresh clone, and CI); *warm*: the cache left by the previous run, nothing changed.",
        "",
        "| briefs | pages | full build, cold (s) | warm (s) | peak memory (MiB) | plain MkDocs + prune (s) | ratio "
        "| our code in the build, cold (s) | share | warm (s) | share | all our work on one core, cold (s) "
        "| `briefing check`, cold (s) | briefs/s | warm (s) | briefs/s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, pages, build, warm, ram, plain, in_build, in_build_warm, own, check, check_warm, _ in rows:
        lines.append(
            f"| {size:,} | {pages:,} | {build:.1f} | {warm:.1f} | {ram:.0f} | {plain:.1f} | {build / plain:.2f} "
            f"| {in_build:.2f} | {in_build / build:.1%} | {in_build_warm:.2f} | {in_build_warm / warm:.1%} | {own:.2f} "
            f"| {check:.2f} | {size / check:,.0f} | {check_warm:.2f} | {size / check_warm:,.0f} |"
        )
    lines += ["", "Targets:"]
    if 1000 in by_size and 5000 in by_size:
        lines.append(f"- linear growth, build(5,000) / build(1,000) ≤ 5.5: **{by_size[5000][2] / by_size[1000][2]:.2f}** (cold)")
    if 1000 in by_size:
        r = by_size[1000]
        lines.append(f"- our code ≤ 10 % of the build at 1,000 briefs: **{r[6] / r[2]:.1%}** cold, **{r[7] / r[3]:.1%}** warm")
        lines.append(f"- full build within 1.15× of plain pruned MkDocs at 1,000 briefs: **{r[2] / r[5]:.2f}×** cold")
    lines.append(
        f"- `briefing check` ≥ 2,000 briefs per second: **{max(r[0] / r[9] for r in rows):,.0f}** cold, "
        f"**{max(r[0] / r[10] for r in rows):,.0f}** warm (the median of {CHECK_RUNS} runs, at the best size); "
        f"the best single run from scratch **{max(r[0] / r[11] for r in rows):,.0f}**"
    )
    lines += [""] + [f"- {n}" for n in notes]
    text = "\n".join(lines) + "\n"
    args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
