"""Vendor the dashboard's JavaScript libraries from the npm registry into src/warledger/web/static/vendor/.

Run at build time by ``make install`` and ``make dev`` (the folder is not committed): the dashboard then
loads them from its own origin, with nothing from a CDN at run time. Each package's licence is copied
beside its files, and ``VENDORED.json`` records what was copied, from which version, under which licence.

- Leaflet 1.9.4 (BSD-2-Clause): the map — zoom, pan, vector layers, tooltips.
- Observable Plot 0.6.17 (ISC) on d3 7.9.2 (ISC): the timeline and its claims lane.

Usage::

    python scripts/vendor_web.py           # fetch (with npm pack) unless already vendored at these versions
    python scripts/vendor_web.py --force   # fetch again
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/warledger/web/static/vendor"
MANIFEST = OUT / "VENDORED.json"
PACKAGES: dict[str, dict[str, str]] = {
    "leaflet@1.9.4": {"dist/leaflet.js": "leaflet.js", "dist/leaflet.css": "leaflet.css",
                      "LICENSE": "LICENSE.leaflet.txt"},
    "d3@7.9.2": {"dist/d3.min.js": "d3.min.js", "LICENSE": "LICENSE.d3.txt"},
    "@observablehq/plot@0.6.17": {"dist/plot.umd.min.js": "plot.umd.min.js", "LICENSE": "LICENSE.plot.txt"},
}
"""npm package spec → {file in its tarball: file in vendor/}. Leaflet's images are left out: the map uses
neither its marker icons nor its layers control."""
NO_NPM = ("npm was not found. The dashboard's map and chart libraries (leaflet, @observablehq/plot, d3) are "
          "fetched from the npm registry at build time: install Node.js and npm (Debian: apt-get install npm), "
          "then run make dev (or python scripts/vendor_web.py) again.")


def up_to_date() -> bool:
    """Whether vendor/ holds every file of these package versions, as the manifest says."""
    if not MANIFEST.is_file():
        return False
    recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    files = [OUT / name for wanted in PACKAGES.values() for name in wanted.values()]
    return sorted(recorded.get("packages", {})) == sorted(PACKAGES) and all(f.is_file() for f in files)


def npm_pack(specs: list[str], folder: Path) -> list[Path]:
    """The packages' tarballs, downloaded into ``folder`` by ``npm pack``, in the order of ``specs``."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(NO_NPM)
    done = subprocess.run([npm, "pack", *specs, "--pack-destination", str(folder), "--json", "--silent"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"npm pack {' '.join(specs)} failed (is the npm registry reachable?):\n{done.stderr.strip()}")
    return [folder / entry["filename"] for entry in json.loads(done.stdout)]


def copy_package(tarball: Path, wanted: dict[str, str]) -> dict[str, object]:
    """Copy ``wanted`` files out of one package tarball into vendor/; what the manifest says of it."""
    with tarfile.open(tarball) as tar:
        meta = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
        files = {}
        for inside, name in wanted.items():
            member = tar.extractfile(f"package/{inside}")
            if member is None:
                raise SystemExit(f"{tarball.name} has no {inside}")
            data = member.read()
            target = OUT / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return {"name": meta["name"], "version": meta["version"], "license": meta.get("license"), "files": files}


def vendor() -> dict[str, object]:
    """Fetch every package and copy its files; the manifest written."""
    with tempfile.TemporaryDirectory() as tmp:
        tarballs = npm_pack(list(PACKAGES), Path(tmp))  # first: a failure leaves what was vendored before
        shutil.rmtree(OUT, ignore_errors=True)
        OUT.mkdir(parents=True)
        packages = {spec: copy_package(tarball, PACKAGES[spec]) for spec, tarball in zip(PACKAGES, tarballs,
                                                                                      strict=True)}
    manifest = {"written_by": "scripts/vendor_web.py", "packages": packages}
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="fetch again even when already vendored")
    args = parser.parse_args()
    if not args.force and up_to_date():
        os.utime(MANIFEST)  # make's target: newer than this script now
        print(f"{OUT} is up to date")
        return
    manifest = vendor()
    for spec, info in manifest["packages"].items():  # type: ignore[union-attr]
        size = sum(f["bytes"] for f in info["files"].values())
        print(f"{spec}: {len(info['files'])} files, {size / 1024:.0f} KiB, licence {info['license']}")
    print(f"vendored into {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
