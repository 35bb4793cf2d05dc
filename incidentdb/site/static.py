"""Static files the site serves from itself: our CSS and JS, Leaflet, and the vendored
libraries of `assets/vendor/<name>/` (each with its licence and version)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).parent / "assets"


def leaflet_files() -> Iterator[tuple[str, Path]]:
    """Leaflet's own files from the xstatic-leaflet package, served under assets/leaflet/."""
    from xstatic.pkg import leaflet

    base = Path(leaflet.BASE_DIR)
    for name in ("leaflet.js", "leaflet.css"):
        yield f"assets/leaflet/{name}", base / name
    for image in sorted((base / "images").glob("*.png")):
        yield f"assets/leaflet/images/{image.name}", image


def vendor_files() -> Iterator[tuple[str, Path]]:
    """The vendored libraries, served under assets/vendor/<name>/ as they are in the package."""
    vendor = HERE / "vendor"
    for src in sorted(vendor.rglob("*")):
        if src.is_file():
            yield f"assets/vendor/{src.relative_to(vendor).as_posix()}", src


def asset_files() -> Iterator[tuple[str, Path]]:
    """(site path, source file) for every static file the site serves from itself."""
    for src in sorted(HERE.iterdir()):
        if src.is_file():
            yield f"assets/idb/{src.name}", src
    yield from leaflet_files()
    yield from vendor_files()
