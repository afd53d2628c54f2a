"""Reading and checking a dataset file: the JSON text in, problems or records out, and back.

:mod:`~timeline.reading.document` loads and dumps; :mod:`~timeline.reading.validation` holds
the rules (JSON Schema, records, across records); :mod:`~timeline.reading.result` is the
verdict; the private modules are the machinery that reads a large file fast.
"""
