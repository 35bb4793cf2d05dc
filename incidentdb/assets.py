"""Static files the site serves from itself: our CSS and JS, Leaflet, and the downloads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .site import Site

HERE = Path(__file__).parent / "assets"


def leaflet_files() -> Iterator[tuple[str, Path]]:
    """Leaflet's own files from the xstatic-leaflet package, served under assets/leaflet/."""
    from xstatic.pkg import leaflet

    base = Path(leaflet.BASE_DIR)
    for name in ("leaflet.js", "leaflet.css"):
        yield f"assets/leaflet/{name}", base / name
    for image in sorted((base / "images").glob("*.png")):
        yield f"assets/leaflet/images/{image.name}", image


def asset_files(site: Site) -> Iterator[tuple[str, dict]]:
    """(site path, File.generated keyword arguments) for every static file."""
    for src in sorted(HERE.iterdir()):
        if src.is_file():
            yield f"assets/idb/{src.name}", {"abs_src_path": str(src)}
    for path, src in leaflet_files():
        yield path, {"abs_src_path": str(src)}
    from .export import exports

    for path, content in exports(site):
        yield path, {"content": content}
