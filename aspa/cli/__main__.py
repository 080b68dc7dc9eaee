"""``python -m aspa.cli``."""

from aspa.cli import main

main()
