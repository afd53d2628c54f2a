"""Files read and written safely, for every stage: atomic writes, source texts read under a
root, what kind of file a path names, and SIGTERM unwinding like Ctrl-C.

Nothing here is public API; it imports nothing else of :mod:`timeline`.
"""
