"""The dashboard's front-end assets: the npm packages its page loads, fetched with their integrity checked.

Solara's page loads its JavaScript, styles and fonts (and Vega, Vega-Lite and vega-embed for the charts)
through its own CDN proxy, ``/_solara/cdn/<name>@<version>/...``, which serves files from a local folder
(Solara's ``SOLARA_ASSETS_PROXY_CACHE_DIR``) before it asks the CDN. On a closed network the page cannot load
without that folder. ``trifecta assets`` fills it from the npm registry: for each package it reads the
registry's metadata, downloads the tarball, checks it against the ``dist.integrity`` hash the registry
publishes *and* against the hash pinned here (as a lockfile would), and unpacks it under the folder name the
page asks for (``vega@5`` for the range Solara's chart widget requests). Nothing is written for a package
whose hash does not match.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import tarfile
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Where the registry is, unless ``$NPM_CONFIG_REGISTRY`` says otherwise (npm's own setting).
PUBLIC_REGISTRY = "https://registry.npmjs.org"
#: Written into a package's folder once it is unpacked whole; holds the verified integrity.
MARKER = ".trifecta-complete"


@dataclass(frozen=True)
class Asset:
    """One npm package the page loads: its name, exact version, the integrity npm published, the folder the page asks for."""

    name: str
    version: str
    integrity: str  # "sha512-<base64>", as in the registry's dist.integrity (and a package-lock.json)
    folder: str = ""  # default: "<name>@<version>"

    @property
    def path(self) -> str:
        """The folder under the assets folder, as the page's URLs name it (``requirejs@2.3.6``, ``vega@5``)."""
        return self.folder or f"{self.name}@{self.version}"

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


ASSETS: tuple[Asset, ...] = (
    # Solara's page (vuetify 2 app for ipywidgets 8), its module loader and icon font
    Asset("@widgetti/solara-vuetify-app", "10.1.1",
          "sha512-Cdu6G7KIBeohT2jyeQUEDr61dhEozY23St+iDwfA3+ZyPZyoIza/nS4W2g8+dbs0Xhb+WQnXlaRI92TLgeY/Jw=="),
    Asset("requirejs", "2.3.6",
          "sha512-ipEzlWQe6RK3jkzikgCupiTbTvm4S0/CAU5GlgptkN5SO6F3u0UD0K18wy6ErDqiCyP4J4YYe1HuAShvsxePLg=="),
    Asset("font-awesome", "4.5.0",
          "sha512-XGGY8CN/NT8e5fKOC/K7CESNQ3+2oYOfZqwZcKgEMtcmTiHtFIH+XZWRoU0HtcdwhtSkpWXLfTIUlTdJ4PhX8A=="),
    # Solara's chart widget (solara.FigureAltair) asks for vega@5, vega-lite@5 and vega-embed@6
    Asset("vega", "5.33.1",
          "sha512-1fArfVDUqVbb5z8n+/nVQb+VNBzx8svY6CrsyTK4Ujm4yrd9I1auoKxBAPXLCavY1LcrbHUskQbGUP8gXOzyQw==", "vega@5"),
    Asset("vega-lite", "5.23.0",
          "sha512-l4J6+AWE3DIjvovEoHl2LdtCUkfm4zs8Xxx7INwZEAv+XVb6kR6vIN1gt3t2gN2gs/y4DYTs/RPoTeYAuEg6mA==", "vega-lite@5"),
    Asset("vega-embed", "6.29.0",
          "sha512-PmlshTLtLFLgWtF/b23T1OwX53AugJ9RZ3qPE2c01VFAbgt3/GSNI/etzA/GzdrkceXFma+FDHNXUppKuM0U6Q==", "vega-embed@6"),
)


class AssetError(Exception):
    """A package that could not be fetched or whose contents do not match the published integrity."""


def registry(environ: dict[str, str] | None = None) -> str:
    """The npm registry to use: ``$NPM_CONFIG_REGISTRY`` or the public one."""
    env = os.environ if environ is None else environ
    return (env.get("NPM_CONFIG_REGISTRY") or PUBLIC_REGISTRY).rstrip("/")


def default_folder() -> Path:
    """The folder Solara serves its CDN files from: ``$SOLARA_ASSETS_PROXY_CACHE_DIR``, else ``<prefix>/share/solara/cdn``."""
    from solara.server.settings import assets

    return Path(os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR") or assets.proxy_cache_dir)


def integrity_of(data: bytes) -> str:
    """The Subresource Integrity string of ``data`` with SHA-512, as npm publishes it (``sha512-<base64>``)."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def http_get(url: str) -> bytes:
    """The body at ``url`` (the only network access of this module)."""
    with urllib.request.urlopen(url, timeout=120) as resp:  # noqa: S310 (a registry URL, https by default)
        return resp.read()


def metadata_url(base: str, asset: Asset) -> str:
    """Where the registry publishes ``asset``'s metadata (``dist.integrity``, ``dist.tarball``)."""
    return f"{base}/{urllib.parse.quote(asset.name, safe='@')}/{asset.version}"


def verified_tarball(asset: Asset, base: str, get: Callable[[str], bytes] = http_get) -> bytes:
    """The package's tarball, checked against the registry's published integrity and the pinned one."""
    meta_url = metadata_url(base, asset)
    meta = get(meta_url)
    try:
        dist = json.loads(meta)["dist"]
        published, url = dist["integrity"], dist["tarball"]
    except (KeyError, TypeError, ValueError) as exc:
        raise AssetError(f"{asset.label}: the registry's metadata ({meta_url}) has no dist.integrity and tarball "
                         f"({exc})") from None
    if published != asset.integrity:
        raise AssetError(f"{asset.label}: the registry publishes integrity {published}, trifecta expects "
                         f"{asset.integrity}; refusing it")
    data = get(url)
    found = integrity_of(data)
    if found != published:
        raise AssetError(f"{asset.label}: the tarball from {url} has integrity {found}, the registry publishes "
                         f"{published}; refusing it")
    return data


def unpack(data: bytes, dest: Path) -> int:
    """Unpack an npm tarball (its files sit under one top folder, ``package/``) into ``dest``; return the file count."""
    count = 0
    root = dest.resolve()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            rel = Path(*Path(member.name).parts[1:])
            target = (dest / rel).resolve()
            if root not in target.parents:
                raise AssetError(f"unsafe path in tarball: {member.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
            count += 1
    return count


def is_complete(folder: Path, asset: Asset) -> bool:
    """Whether ``asset`` was unpacked whole into ``folder`` from the tarball with the pinned integrity."""
    marker = folder / asset.path / MARKER
    return marker.is_file() and marker.read_text(encoding="utf-8").strip() == asset.integrity


def missing(folder: Path) -> list[Asset]:
    """The assets not (completely) in ``folder``."""
    return [a for a in ASSETS if not is_complete(folder, a)]


def fetch(folder: Path, get: Callable[[str], bytes] = http_get, base: str | None = None) -> list[str]:
    """Fetch every missing asset into ``folder``, verified; return one line per asset. Raises AssetError or OSError."""
    base = registry() if base is None else base
    lines = []
    for asset in ASSETS:
        if is_complete(folder, asset):
            lines.append(f"ok (already there): {asset.label}")
            continue
        data = verified_tarball(asset, base, get)
        dest = folder / asset.path
        shutil.rmtree(dest, ignore_errors=True)  # a partial copy from an interrupted fetch
        n = unpack(data, dest)
        (dest / MARKER).write_text(asset.integrity + "\n", encoding="utf-8")
        lines.append(f"fetched and verified: {asset.label} ({n} files, {asset.integrity[:19]}...)")
    return lines
