"""Draw the README's example of `symle fit --plot`: docs/gallery/plots/gamma-fit.png.

    python scripts/plot_example.py

The data are 200 simulated waiting times (a gamma sample with a fixed seed), written to a temporary
file and fitted by the command line exactly as the README shows (`symle fit gamma waits.txt --plot
fit.png`); the PNG is then reduced to 256 colours (Pillow, which matplotlib installs) to keep it small."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "gallery" / "plots" / "gamma-fit.png"


def main() -> int:
    waits = np.random.default_rng(2024).gamma(2.5, 1 / 1.6, 200).round(3)
    with tempfile.TemporaryDirectory() as work:
        data, drawn = Path(work) / "waits.txt", Path(work) / "fit.png"
        data.write_text("".join(f"{v}\n" for v in waits))
        command = [sys.executable, "-m", "symle", "fit", "gamma", str(data), "--plot", str(drawn), "--timeout", "120"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=None)
        sys.stdout.write(done.stdout)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            return done.returncode
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        with Image.open(drawn) as image:
            image.convert("RGB").quantize(256).save(TARGET, optimize=True)
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
