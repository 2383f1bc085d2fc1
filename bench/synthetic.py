"""A deterministic generator of synthetic corpora that look like the real one.

Same front-matter fields, tags drawn from the real vocabulary with a skewed (Zipf-like)
distribution, a pool of sources cited a few times each, 5–12 timeline events between 1975 and
2026, 2–5 key judgments, 3–6 key facts, an 800-word body in sections, each with citations and
an occasional [[link]] to another brief. Seeded, so a size always gives the same files.

    python bench/synthetic.py OUT_DIR COUNT
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
THEMES = ["hybrid-warfare", "arms-control", "conflict-resolution", "cyber-norms", "eastern-neighbourhood"]
WORDS = (
    "policy russia nato alliance sanctions treaty dialogue security deterrence talks ministers summit "
    "agreement verification inspections limits missiles cyber norms attribution election border "
    "pipeline cable energy ceasefire negotiations council resolution statement officials analysts "
    "western european american moscow washington brussels diplomacy channel risk escalation"
).split()


def make_corpus(out: Path, count: int, seed: int = 1) -> Path:
    """Write a repository-shaped corpus of `count` briefs to `out`; return `out`."""
    rng = random.Random(seed)
    briefs_dir = out / "briefs"
    if out.exists():
        shutil.rmtree(out)
    briefs_dir.mkdir(parents=True)
    shutil.copy(ROOT / "briefs" / "themes.yml", briefs_dir / "themes.yml")
    shutil.copy(ROOT / "briefs" / "tags.yml", briefs_dir / "tags.yml")
    tags = list(yaml.safe_load((ROOT / "briefs" / "tags.yml").read_text()))
    # The real corpus cites about 16 sources per brief, most of them by one brief only, plus a
    # few (the seeds, the open letters) cited across themes: 8 per brief and a popular pool of 30.
    source_count = max(40, count * 8)
    sources = [
        {
            "id": f"src-{i:05d}",
            "type": rng.choice(["webpage", "report", "article-newspaper"]),
            "title": f"Synthetic source {i}",
            "publisher": f"Publisher {i % 97}",
            "issued": f"{rng.randint(1990, 2026)}-{rng.randint(1, 12):02d}",
            "URL": f"https://example.org/source/{i}",
        }
        for i in range(source_count)
    ]
    ids = [f"brief-{i:05d}" for i in range(count)]
    cited: set[str] = set()
    dated_sources: set[tuple[str, str]] = set()  # (date, source) of every timeline event so far

    def pick_sources(k: int) -> list[str]:
        chosen = [sources[rng.randrange(30) if rng.random() < 0.2 else rng.randrange(source_count)]["id"] for _ in range(k)]
        cited.update(chosen)
        return list(dict.fromkeys(chosen))

    for i, brief_id in enumerate(ids):
        theme = THEMES[i % len(THEMES)]
        words = [rng.choice(WORDS) for _ in range(800)]
        sections = []
        for s in range(5):
            chunk = " ".join(words[s * 160 : (s + 1) * 160])
            link = f" See [[{rng.choice(ids)}]]." if rng.random() < 0.3 else ""
            sections.append(f"## Section {s + 1}\n\n{chunk.capitalize()} [@{pick_sources(1)[0]}].{link} More [@{pick_sources(1)[0]}; @{pick_sources(1)[0]}, p. 2].\n")
        year = rng.randint(1975, 2020)
        meta = {
            "title": f"Synthetic brief {i}: {' '.join(rng.sample(WORDS, 5))}",
            "theme": theme,
            "summary": " ".join(rng.choice(WORDS) for _ in range(50)).capitalize() + ".",
            "status": "published",
            "published": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
            "authors": ["Synthetic Author"],
            "tags": list(dict.fromkeys(tags[min(int(rng.paretovariate(1.0)) - 1, len(tags) - 1)] for _ in range(rng.randint(2, 5)))),
            "key_judgments": [
                {"text": " ".join(rng.sample(WORDS, 12)).capitalize() + ".", "confidence": rng.choice(["low", "moderate", "high"]), "sources": pick_sources(2)}
                for _ in range(rng.randint(2, 5))
            ],
            "key_facts": [{"label": f"Fact {k}", "value": str(rng.randint(1, 9999)), "source": pick_sources(1)[0]} for k in range(rng.randint(3, 6))],
            "timeline": [
                {"date": f"{min(year + k, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "title": f"Event {k} of brief {i}", "sources": pick_sources(1)}
                for k in range(rng.randint(5, 12))
            ],
        }
        # Two briefs' events on the same day citing the same source read as one event written
        # twice (a warning, which stops the strict build). Here that is a coincidence, so the
        # later event cites the next source instead.
        for event in meta["timeline"]:
            index = int(event["sources"][0].removeprefix("src-"))
            while (event["date"], sources[index]["id"]) in dated_sources:
                index = (index + 1) % source_count
            event["sources"] = [sources[index]["id"]]
            cited.add(sources[index]["id"])
            dated_sources.add((event["date"], sources[index]["id"]))
        folder = briefs_dir / theme
        folder.mkdir(exist_ok=True)
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        (folder / f"{brief_id}.md").write_text(f"---\n{front}---\n\n" + "\n".join(sections), encoding="utf-8")
    used = [s for s in sources if s["id"] in cited]  # an uncited source would be a warning
    (briefs_dir / "sources.yml").write_text(yaml.safe_dump(used, sort_keys=False), encoding="utf-8")
    return out


if __name__ == "__main__":
    make_corpus(Path(sys.argv[1]), int(sys.argv[2]))
