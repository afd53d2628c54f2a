"""``python -m timeline`` works like the ``timeline`` command."""

from timeline.cli import main

raise SystemExit(main())
