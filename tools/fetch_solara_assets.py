"""Fetch Solara's front-end assets from the npm registry into a folder the dashboard serves them from.

Solara's page loads its JavaScript and fonts from a CDN; on a closed network (or in CI) the page stays
blank unless they are served locally. This script downloads the npm packages Solara asks for, unpacks
each into ``<folder>/<name>@<version>/`` (the CDN's layout), and ``trifecta app`` points
``SOLARA_ASSETS_PROXY_CACHE_DIR`` at the folder when it exists. With internet access nothing of this is
needed.

    python tools/fetch_solara_assets.py            # into .solara-assets/ at the project root
    python tools/fetch_solara_assets.py --out DIR  # elsewhere
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / ".solara-assets"
PACKAGES: tuple[tuple[str, str], ...] = (
    ("@widgetti/solara-vuetify-app", "10.1.1"),
    ("requirejs", "2.3.6"),
    ("font-awesome", "4.5.0"),
    ("@widgetti/vue-grid-layout", "2.3.13-alpha.2"),
)
MARKER = ".complete"


def registry() -> str:
    """The npm registry to use: ``$NPM_CONFIG_REGISTRY`` or the public one."""
    return os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")


def tarball_url(name: str, version: str) -> str:
    """The tarball address of ``name@version``, read from the registry's metadata."""
    with urllib.request.urlopen(f"{registry()}/{name.replace('/', '%2F')}/{version}", timeout=60) as resp:
        return json.load(resp)["dist"]["tarball"]


def unpack(data: bytes, dest: Path) -> int:
    """Unpack an npm tarball (whose files sit under ``package/``) into ``dest``; return the file count."""
    count = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            rel = Path(*Path(member.name).parts[1:])
            target = (dest / rel).resolve()
            if dest.resolve() not in target.parents:
                raise ValueError(f"unsafe path in tarball: {member.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
            count += 1
    return count


def fetch(out: Path) -> list[str]:
    """Fetch every package into ``out`` (skipping those already complete); return one line per package."""
    lines = []
    for name, version in PACKAGES:
        dest = out / f"{name}@{version}"
        if (dest / MARKER).exists():
            lines.append(f"ok (already there): {name}@{version}")
            continue
        url = tarball_url(name, version)
        with urllib.request.urlopen(url, timeout=120) as resp:
            n = unpack(resp.read(), dest)
        (dest / MARKER).write_text(url + "\n", encoding="utf-8")
        lines.append(f"fetched: {name}@{version} ({n} files)")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line entry: fetch the assets and print what was done; exit 1 on a network failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"target folder (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        lines = fetch(args.out)
    except OSError as exc:
        print(f"error: could not fetch Solara's assets from {registry()}: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    print(f"Solara assets in {args.out} (trifecta app serves them from there)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
