"""Site profile files: the versioned JSON format of :class:`~cleanpress.clean.profile.Profile`.

The file holds a format name and version, the hashing scheme and thresholds,
and per site the line-hash counts plus an optional readable sample; a file
that is not a profile, of another version or hashed another way is refused
with a :class:`~cleanpress.clean.profile.ProfileError` naming the file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from cleanpress.clean.profile import HASH_SCHEME, Profile, ProfileConfig, ProfileError, SiteLines
from cleanpress.io.writers import AtomicWriter

FORMAT = "cleanpress-profile"
VERSION = 1


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """The JSON form: counts of lines seen on ``keep_min_pages`` pages or more, and a sample."""
    cfg = profile.config
    sites: dict[str, Any] = {}
    for name in sorted(profile.sites):
        data = profile.sites[name]
        kept = {h: c for h, c in sorted(data.lines.items()) if c[0] >= cfg.keep_min_pages}
        template = data.template(cfg)
        top = sorted(template, key=lambda h: (-data.lines[h][0], h))[: cfg.sample]
        sample = {h: data.sample[h] for h in top if h in data.sample}
        sites[name] = {"pages": data.pages, "lines": kept, "sample": sample}
    return {"format": FORMAT, "version": VERSION, "hash": HASH_SCHEME, "config": asdict(cfg), "sites": sites}


def dumps_profile(profile: Profile) -> str:
    """The JSON text of :func:`profile_to_dict`: one line per setting and sample line, counts packed on one line.

    >>> json.loads(dumps_profile(Profile()))["format"]
    'cleanpress-profile'
    """
    data = profile_to_dict(profile)

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    out = ["{"]
    for key in ("format", "version", "hash"):
        out.append(f" {dump(key)}: {dump(data[key])},")
    out.append(f' "config": {json.dumps(data["config"])},')
    out.append(' "sites": {')
    names = list(data["sites"])
    for i, name in enumerate(names):
        site = data["sites"][name]
        sample = ",".join(f"\n    {dump(h)}: {dump(t)}" for h, t in site["sample"].items())
        lines = json.dumps(site["lines"], separators=(",", ":"))
        out.append(f"  {dump(name)}: {{")
        out.append(f'   "pages": {site["pages"]},')
        out.append(f'   "sample": {{{sample}{chr(10) + "   " if sample else ""}}},')
        out.append(f'   "lines": {lines}')
        out.append("  }" + ("," if i < len(names) - 1 else ""))
    out.append(" }")
    out.append("}")
    return "\n".join(out) + "\n"


def save_profile(profile: Profile, path: str | os.PathLike[str]) -> None:
    """Write ``profile`` as JSON to ``path``, atomically."""
    with AtomicWriter(str(path), compress=False) as out:
        out.write(dumps_profile(profile))


def profile_from_dict(data: Any, name: str = "<profile>") -> Profile:
    """A profile from its JSON form; :class:`ProfileError` naming ``name`` if it is not one."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise ProfileError(f"{name}: not a cleanpress profile (expected \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if version != VERSION:
        raise ProfileError(
            f"{name}: profile version {version!r} is not supported (this cleanpress reads {VERSION})"
        )
    if data.get("hash") != HASH_SCHEME:
        raise ProfileError(f"{name}: lines were hashed another way ({data.get('hash')!r}); learn the profile again")
    config = _config_from(data.get("config", {}), name)
    sites_data = data.get("sites")
    if not isinstance(sites_data, Mapping):
        raise ProfileError(f"{name}: field 'sites' must be an object")
    sites: dict[str, SiteLines] = {}
    for site, entry in sites_data.items():
        sites[str(site)] = _site_from(entry, f"{name}: sites.{site}")
    return Profile(config, sites)


def load_profile(path: str | os.PathLike[str]) -> Profile:
    """Read a profile file; :class:`ProfileError` (naming the file) if it is missing or not a profile."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise ProfileError(f"{name}: cannot read profile: {err.strerror or err}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ProfileError(f"{name}: corrupt profile: not UTF-8 (byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise ProfileError(f"{name}: corrupt profile: {err.msg} at line {err.lineno} column {err.colno}") from None
    return profile_from_dict(data, name)


def _config_from(data: Any, name: str) -> ProfileConfig:
    if not isinstance(data, Mapping):
        raise ProfileError(f"{name}: field 'config' must be an object")
    known = {f.name for f in fields(ProfileConfig)}
    try:
        return ProfileConfig(**{k: v for k, v in data.items() if k in known})
    except (TypeError, ValueError) as err:
        raise ProfileError(f"{name}: config: {err}") from None


def _site_from(entry: Any, where: str) -> SiteLines:
    if not isinstance(entry, Mapping):
        raise ProfileError(f"{where}: must be an object")
    pages = entry.get("pages")
    if not isinstance(pages, int) or isinstance(pages, bool) or pages < 0:
        raise ProfileError(f"{where}.pages: must be a count, got {pages!r}")
    lines_data = entry.get("lines", {})
    if not isinstance(lines_data, Mapping):
        raise ProfileError(f"{where}.lines: must be an object")
    lines: dict[str, list[int]] = {}
    for h, counts in lines_data.items():
        if (
            not isinstance(counts, list) or len(counts) != 2
            or not all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in counts)
            or counts[1] > counts[0] or counts[0] > pages
        ):
            raise ProfileError(f"{where}.lines.{h}: expected [pages, prose_in_region] counts, got {counts!r}")
        lines[str(h)] = [counts[0], counts[1]]
    sample = entry.get("sample", {})
    if not isinstance(sample, Mapping) or not all(isinstance(v, str) for v in sample.values()):
        raise ProfileError(f"{where}.sample: must map hashes to text")
    return SiteLines(pages, lines, {str(k): v for k, v in sample.items()})
