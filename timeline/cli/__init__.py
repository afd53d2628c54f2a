"""The ``timeline`` command line: parsing arguments, running a command, rendering its result."""
