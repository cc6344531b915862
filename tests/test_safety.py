"""Input, index and profile files are data, never code; HTML is parsed without network
access or entity expansion.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleanpress
from cleanpress import Document
from cleanpress.io.profiles import load_profile

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "cleanpress"

#: Calls that turn bytes from a file into code or arbitrary objects.
FORBIDDEN = {
    "pickle": re.compile(r"\b(?:c?pickle|dill|cloudpickle|joblib)\b"),
    "marshal": re.compile(r"\bmarshal\b"),
    "shelve": re.compile(r"\bshelve\b"),
    "eval": re.compile(r"(?<![\w.])eval\s*\("),
    "exec": re.compile(r"(?<![\w.])exec\s*\("),
    "compile() of source": re.compile(r"(?<![\w.])compile\s*\("),
    "__import__": re.compile(r"__import__\s*\("),
    "yaml.load without SafeLoader": re.compile(r"yaml\.(?:load|load_all|unsafe_load)\s*\((?![^)]*SafeLoader)"),
    "numpy.load with pickles": re.compile(r"allow_pickle\s*=\s*True"),
    "torch.load": re.compile(r"torch\.load\s*\("),
    "shell=True": re.compile(r"shell\s*=\s*True"),
}


def _code_lines(path: Path) -> list[tuple[int, str]]:
    """Lines of Python code, with comments and docstring-only lines kept out of the way."""
    lines = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        code = line.split("#", 1)[0]
        if code.strip():
            lines.append((n, code))
    return lines


def test_source_has_no_code_loading_calls():
    found = []
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        for n, code in _code_lines(path):
            for what, pattern in FORBIDDEN.items():
                if pattern.search(code):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {what}: {code.strip()}")
    assert not found, "\n".join(found)


def test_the_forbidden_patterns_do_match():
    """The scan above is only worth something if its patterns catch the real thing."""
    samples = {
        "pickle": "data = pickle.loads(raw)",
        "eval": "value = eval(text)",
        "exec": "exec(code, {})",
        "yaml.load without SafeLoader": "yaml.load(fh)",
        "numpy.load with pickles": "np.load(path, allow_pickle=True)",
        "shell=True": "subprocess.run(cmd, shell=True)",
    }
    for what, sample in samples.items():
        assert FORBIDDEN[what].search(sample), what
    assert not FORBIDDEN["yaml.load without SafeLoader"].search("yaml.load(fh, Loader=yaml.SafeLoader)")
    assert not FORBIDDEN["eval"].search("model.eval()")  # a method, not the builtin


@pytest.fixture
def no_network(monkeypatch):
    """A listening socket that records connections, and Python-level connects refused.

    libxml2 fetches URLs in C, past any Python patch, so hostile pages point their
    entities at this listener (``{port}``): a connection to it is a fetch.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    attempts: list[object] = []
    attempts_port = listener.getsockname()[1]

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"network access attempted: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    yield attempts_port, attempts
    try:
        conn, peer = listener.accept()
        attempts.append(peer)
        conn.close()
    except BlockingIOError:
        pass
    listener.close()
    assert not attempts, f"network access attempted: {attempts}"


ARTICLE = "<p>" + "The council approved the budget on Tuesday after a long debate in the town hall. " * 6 + "</p>"

XXE_FILE = f"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<html><body><article><h1>Budget passed</h1>{ARTICLE}<p>Leak: &secret;</p></article></body></html>"""

XXE_HTTP = """<!DOCTYPE html [<!ENTITY remote SYSTEM "http://127.0.0.1:{port}/evil.dtd"> %remote;]>
<html><body><article><h1>Budget passed</h1>{article}<p>Remote: &remote;</p></article></body></html>"""

EXTERNAL_DTD = """<!DOCTYPE html SYSTEM "http://127.0.0.1:{port}/evil.dtd">
<html><body><article><h1>Budget passed</h1>{article}</article></body></html>"""

_LAUGHS = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol0 "lol">{_LAUGHS}]>
<html><body><article><h1>Budget passed</h1>{ARTICLE}<p>&lol9;</p></article></body></html>"""


@pytest.mark.parametrize("page", [XXE_FILE, XXE_HTTP, EXTERNAL_DTD, BILLION_LAUGHS],
                         ids=["xxe-file", "xxe-http", "external-dtd", "billion-laughs"])
def test_hostile_html_is_parsed_without_network_or_expansion(page, no_network):
    port, _ = no_network
    page = page.replace("{port}", str(port)).replace("{article}", ARTICLE)
    start = time.monotonic()
    result = cleanpress.clean(Document("hostile", html=page))
    elapsed = time.monotonic() - start
    text = "\n".join([result.text, *(s.title or "" for s in result.stories)])
    assert "root:" not in text, "an external entity was read from the file system"
    assert text.count("lol") < 50, "entities were expanded"
    assert len(text) < 10 * len(page)
    assert "council approved the budget" in text, "the article itself still comes through"
    assert elapsed < 30


def test_hostile_html_as_bytes_with_declared_encoding(no_network):
    page = BILLION_LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>').encode()
    result = cleanpress.clean(Document("hostile", html=page.decode()))
    assert result.text.count("lol") < 50


def test_hostile_html_file_through_the_cli(tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(XXE_FILE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "cleanpress", "clean", str(page), "-q"], cwd=ROOT,
                          capture_output=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"root:" not in proc.stdout
    (record,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert "council approved the budget" in record["text"]


def test_profile_with_code_in_it_is_only_data(tmp_path):
    """A profile is JSON: a pickle, or JSON that names Python objects, is refused or read as plain strings."""
    from cleanpress.clean.profile import ProfileError

    pickled = tmp_path / "pickled.json"
    pickled.write_bytes(b"\x80\x04\x95\x1f\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system\x94\x93\x94.")
    with pytest.raises(ProfileError) as err:
        load_profile(pickled)
    assert str(pickled) in str(err.value)

    sneaky = tmp_path / "sneaky.json"
    sneaky.write_text(json.dumps({"__class__": "os.system", "py/object": "os.system", "format": "rm -rf /"}))
    with pytest.raises(ProfileError):
        load_profile(sneaky)

    proc = subprocess.run([sys.executable, "-m", "cleanpress", "clean", str(ROOT / "seeds"), "--profile", str(pickled),
                           "-q"], cwd=ROOT, capture_output=True, check=False)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
