"""`python -m symle` runs the command-line interface."""

from symle.cli import main

raise SystemExit(main())
