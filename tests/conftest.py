"""Put tests/ on sys.path so test modules can import helpers such as `from latex import compile_latex`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
