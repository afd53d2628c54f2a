"""``python -m timeline`` works like the ``timeline`` command."""

from timeline.cli.commands import main

if __name__ == "__main__":
    raise SystemExit(main())
