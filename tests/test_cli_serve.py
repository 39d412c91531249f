"""`dateline serve` as a newcomer meets it: the real program on 127.0.0.1 says where it serves, what, and
how to stop it; a taken port is one line naming --port; and the web app offers only the methods this
installation can run, answering a request for another with a 422 that says what to install."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from dateline import api
from dateline.timeline import embedded
from dateline.web import create_app
from dateline.web.server import background_server

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
INSTALL_HINT = "pip install 'dateline[embeddings]'"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "news.db"
    api.ingest([EXAMPLES / "articles.jsonl"], path)
    return path


def serve(db: Path, port: int) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port), "--workers", "0"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serve_says_where_what_and_how_to_stop(db: Path) -> None:
    server = serve(db, 0)  # port 0: the kernel picks a free port, and the printed URL names it
    try:
        first = server.stdout.readline()  # type: ignore[union-attr]
        shown = rf"Serving {re.escape(str(db))} \(39 articles, [\d.]+ [kM]B\) at (http://127\.0\.0\.1:\d+)/\n"
        match = re.fullmatch(shown, first)
        assert match, (first, server.stderr.read() if server.poll() is not None else "")  # type: ignore[union-attr]
        assert server.stdout.readline() == "Press Ctrl+C to stop.\n"  # type: ignore[union-attr]
        url = match[1]
        # Once the line is printed the socket listens: the request waits for the app, no retry needed.
        assert httpx.get(f"{url}/api/stats", timeout=30).json()["articles"] == 39

        port = int(url.rsplit(":", 1)[1])
        taken = serve(db, port)
        _, err = taken.communicate(timeout=30)
        assert taken.returncode == 1
        assert err.strip() == (f"dateline: error: port {port} on 127.0.0.1 is already in use (another server?); "
                               f"choose a free one with --port, e.g. --port {port + 1}, or --port 0 for any free port")
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert out == "Stopped.\n" and "Traceback" not in err


def test_web_offers_only_the_methods_that_run(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the embeddings extra (its absence is the system edge faked here) `dateline-emb` is neither
    offered nor a 500: the API and the page answer 422 with the install command."""
    monkeypatch.setattr(embedded, "missing_extra", lambda: ["torch", "sentence_transformers"])
    with background_server(create_app(db, workers=0)) as url:
        stats = httpx.get(f"{url}/api/stats").json()
        assert stats["methods"] == ["clust", "dateline", "datewise", "pubcount"]
        assert INSTALL_HINT in stats["not_installed"]["dateline-emb"]

        home = httpx.get(f"{url}/").text
        assert re.findall(r'<option value="([^"]+)"', home) == ["clust", "dateline", "datewise", "pubcount"]

        api_answer = httpx.get(f"{url}/api/timeline", params={"q": "Sennick Dam", "method": "dateline-emb"})
        assert api_answer.status_code == 422
        (problem,) = api_answer.json()["errors"]
        assert problem["param"] == "method" and INSTALL_HINT in problem["message"]

        page = httpx.get(f"{url}/timeline", params={"q": "Sennick Dam", "method": "dateline-emb"})
        assert page.status_code == 422 and INSTALL_HINT.replace("'", "&#39;") in page.text

        unknown = httpx.get(f"{url}/api/timeline", params={"q": "Sennick Dam", "method": "magic"})
        assert unknown.status_code == 422
        assert "choose one of: clust, dateline, datewise, pubcount" in unknown.json()["errors"][0]["message"]

    monkeypatch.setattr(embedded, "missing_extra", lambda: [])
    with background_server(create_app(db, workers=0)) as url:
        assert "dateline-emb" in httpx.get(f"{url}/api/stats").json()["methods"]
