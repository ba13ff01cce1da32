"""Time the extractor per release over the project's own fixtures.

    .venv/bin/python bench/extract.py

The releases are the seed (campaign/demo/kem-sokha-2018-09-10.txt) and the passages of
tests/extract/: each module's release-sized constants (CASE, RELEASE…) as they are, and
each sentence-sized literal after its module's CASE, as the tests use them. Prints and
returns the median and p99 of the time per release, over a few rounds.
"""

from __future__ import annotations

import ast
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "campaign" / "demo" / "kem-sokha-2018-09-10.txt"
TESTS = ROOT / "tests" / "extract"
ROUNDS = 5


def releases() -> list[str]:
    """The seed and every passage of the extractor's tests, once each."""
    found = [SEED.read_text(encoding="utf-8")]
    for module in sorted(TESTS.glob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        constants = {
            node.targets[0].id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        }
        case = constants.get("CASE", "")
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if len(text) >= 200 or text in constants.values():
                found.append(text)
            elif len(text) >= 30 and " " in text and text.rstrip()[-1:] in ".!\"'”":
                found.append(case + text)
    return list(dict.fromkeys(t for t in found if t.strip()))


def measure() -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from campaign.extract import extract_release

    texts = releases()
    extract_release(texts[0])  # imports and compiled patterns: not a release's cost
    times = []
    for _ in range(ROUNDS):
        for text in texts:
            started = time.perf_counter()
            extract_release(text)
            times.append(time.perf_counter() - started)
    times.sort()
    seed_times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        extract_release(texts[0])
        seed_times.append(time.perf_counter() - started)
    return {
        "releases": len(texts),
        "rounds": ROUNDS,
        "median_ms": statistics.median(times) * 1000,
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))] * 1000,
        "max_ms": times[-1] * 1000,
        "seed_median_ms": statistics.median(seed_times) * 1000,
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
