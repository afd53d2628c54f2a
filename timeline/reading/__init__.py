"""Reading and checking a dataset file: the JSON text in, problems or records out, and back.

:mod:`~timeline.reading.document` loads and dumps; :mod:`~timeline.reading.validation` takes
each record through the checks; :mod:`~timeline.reading.rules` holds the rules across records;
:mod:`~timeline.reading.result` is the verdict. The private modules are the exact checker's
parts (each record's schema, values no JSON holds, where a pointer stands in the text) and the
machinery of reading a large file fast.
"""
