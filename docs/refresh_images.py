"""Refresh the README's pictures from the browser journeys' latest screenshots.

    .venv/bin/python -m pytest tests/browser        # saves tests/browser/screenshots/
    .venv/bin/python docs/refresh_images.py [--into docs]

Each picture is the top of one full-page screenshot, scaled down to the README's width
and reduced to 256 colours.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "browser" / "screenshots"
# picture: (screenshot, width in the README, height kept from the top, in its pixels)
PICTURES = {
    "supporter-phone.png": ("supporter-1-appeal-phone.png", 273, 1014),
    "organiser-review.png": ("organiser-2-review.png", 640, 950),
    "staff-appeal.png": ("staff-2-appeal.png", 640, 750),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--into", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    for name, (shot, width, height) in PICTURES.items():
        with Image.open(SHOTS / shot) as image:
            scaled = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
            top = scaled.crop((0, 0, width, min(height, scaled.height))).convert("RGB")
            # 256 colours, as the pictures were committed before: a fifth of the bytes,
            # and screenshots of flat colours lose nothing to see.
            palette = top.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
            palette.save(args.into / name, optimize=True)
        print(f"{args.into / name} from {shot}")


if __name__ == "__main__":
    main()
