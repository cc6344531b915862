"""The Redis index, against a real redis-server started on a free localhost port."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleanpress.cli import main
from cleanpress.dedup import DedupConfig, Deduplicator, dedup
from cleanpress.dedup.index import RedisStore, open_store

pytestmark = pytest.mark.redis

_rng = random.Random(3)
VOCAB = [f"w{_rng.randrange(10**9)}" for _ in range(4000)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no redis-server binary on PATH (Debian: apt-get install redis-server)")
    pytest.importorskip("redis", reason="the redis package is not installed (pip install 'cleanpress[redis]')")
    import redis  # an optional extra: imported after the skip check

    port = free_port()
    workdir: Path = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.skip("redis-server did not start")
        yield url
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture()
def clean_redis(redis_url: str) -> str:
    import redis  # an optional extra: imported after the skip check

    redis.Redis.from_url(redis_url).flushdb()
    return redis_url


def corpus(n: int) -> list[tuple[str, str]]:
    rnd = random.Random(n)
    out: list[tuple[str, str]] = []
    for i in range(n):
        words = out[-1][1].split()[:-10] if out and i % 3 == 2 else rnd.choices(VOCAB, k=120)
        out.append((f"r{i}", " ".join(words)))
    return out


def test_a_redis_url_opens_a_redis_store(clean_redis: str) -> None:
    assert isinstance(open_store(clean_redis), RedisStore)


def test_the_redis_index_keeps_stories_across_runs(clean_redis: str) -> None:
    stories = corpus(30)
    dedup(stories[:15], index=clean_redis)
    later = dedup(stories[15:], index=clean_redis)
    expected = {a.id: a for a in dedup(stories).assignments}
    assert later.assignments == [expected[a.id] for a in later.assignments]
    again = dedup(stories, index=clean_redis)
    assert again.stats.added == 0 and again.stats.known == 30


def test_the_redis_index_refuses_another_scheme(clean_redis: str) -> None:
    dedup(corpus(3), DedupConfig(scheme="legacy"), index=clean_redis)
    with pytest.raises(ValueError, match="scheme='legacy'"):
        Deduplicator(DedupConfig(), index=clean_redis)


def test_the_redis_and_sqlite_indexes_agree(clean_redis: str, tmp_path: Path) -> None:
    stories = corpus(24)
    config = DedupConfig(batch_size=5)
    assert dedup(stories, config, index=clean_redis).assignments == \
        dedup(stories, config, index=str(tmp_path / "i.sqlite")).assignments


def _cli_error(tmp_path: Path, index: str, capsys: pytest.CaptureFixture[str]) -> str:

    stories = tmp_path / "in.jsonl"
    stories.write_text('{"id": "a", "text": "one two three four five six seven"}\n')
    code = main(["dedup", str(stories), "-o", str(tmp_path / "out.jsonl"), "--index", index, "-q"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("cleanpress: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert index in err
    return err


def test_a_redis_port_with_nothing_listening_is_a_message(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("redis", reason="the redis package is not installed (pip install 'cleanpress[redis]')")
    assert "Redis failed" in _cli_error(tmp_path, f"redis://127.0.0.1:{free_port()}/0", capsys)


def test_a_server_that_is_not_redis_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("redis", reason="the redis package is not installed (pip install 'cleanpress[redis]')")

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    port = server.getsockname()[1]

    def answer() -> None:  # an HTTP server's answer to whatever is sent, then the connection closed
        for _ in range(4):
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.recv(1024)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        assert "Redis failed" in _cli_error(tmp_path, f"redis://127.0.0.1:{port}/0", capsys)
    finally:
        server.close()


def _start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A redis-server of its own on a free port (the caller ends it), and its URL once it answers."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no redis-server binary on PATH (Debian: apt-get install redis-server)")
    redis = pytest.importorskip("redis", reason="the redis package is not installed")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    return proc, url


def test_a_redis_server_gone_mid_run_is_a_message(tmp_path: Path) -> None:
    proc, url = _start_redis(tmp_path)
    try:
        with Deduplicator(index=url) as d:
            d.add(("a", "one two three four five six seven"))
            proc.terminate()
            proc.wait(timeout=10)
            with pytest.raises(ValueError, match="Redis failed") as failure:
                d.add(("b", "eight nine ten eleven twelve thirteen"))
            assert "\n" not in str(failure.value) and url in str(failure.value)
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)
