"""The README's usage, run as a new user runs it: every `sh` and `python` block, verbatim, in a fresh copy
of the repository's tracked files (what `git clone` gives) in a temporary folder with no ../shared beside
it and no store, with the `dateline` command of that copy."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the tracked files (as they are in the working tree) and a `dateline` command that runs it."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: no list of the files a clone would have")
    fresh = tmp_path_factory.mktemp("fresh")
    root = fresh / "dateline"
    for name in listed.stdout.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, root / name)
    bin_dir = fresh / "bin"
    bin_dir.mkdir()
    script = bin_dir / "dateline"
    script.write_text(f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(root / 'src')!r})\n"
                      "from dateline.cli import main\nsys.exit(main())\n", encoding="utf-8")
    script.chmod(0o755)
    assert not (fresh / "shared").exists()
    return root


def run(checkout: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATELINE_DB", "DATELINE_SHARED", "PYTHONPATH")}
    env["PATH"] = f"{checkout.parent / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(checkout / "src")
    return subprocess.run(argv, cwd=checkout, env=env, capture_output=True, text=True, timeout=300)


def test_the_copy_runs_its_own_code(checkout: Path) -> None:
    found = run(checkout, ["dateline", "--version"])
    assert found.returncode == 0, found.stderr
    where = run(checkout, [sys.executable, "-c", "import dateline; print(dateline.__file__)"])
    assert where.stdout.strip() == str(checkout / "src" / "dateline" / "__init__.py")


def test_shell_blocks_run_verbatim(checkout: Path) -> None:
    shell = blocks("sh")
    assert shell and any("examples/" in b for b in shell)
    for block in shell:
        done = run(checkout, ["bash", "-e", "-o", "pipefail", "-c", block])
        assert done.returncode == 0, f"README block failed:\n{block}\n{done.stderr}"
        assert "Traceback" not in done.stderr
    made = ["news.db", "march.json", "sennick.timelinejs.json", "predicted.txt", "demo.db",
            "demo-corpus/dateline-demo-fictional.jsonl"]
    assert [name for name in made if not (checkout / name).is_file()] == []


def test_python_blocks_run_verbatim(checkout: Path) -> None:
    python = blocks("python")
    assert python
    for block in python:
        done = run(checkout, [sys.executable, "-c", block])
        assert done.returncode == 0, f"README block failed:\n{block}\n{done.stderr}"
        assert "Sennick Dam" in done.stdout


def test_without_the_data_the_bench_says_where_it_looked_once(checkout: Path) -> None:
    done = run(checkout, ["dateline", "bench", "t17"])
    assert done.returncode == 2
    expected = checkout.parent.resolve() / "shared" / "data" / "tls" / "timeline17"
    assert done.stderr == f"dateline: error: no t17 data in {expected}; pass --data DIR\n"
