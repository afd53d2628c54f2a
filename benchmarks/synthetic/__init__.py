"""What a synthetic timeline dataset is made of; :mod:`benchmarks.generate` writes it.

- :mod:`~benchmarks.synthetic.vocabulary`: the countries, fixed actors, parts of names and
  phrases everything is drawn from (data only);
- :mod:`~benchmarks.synthetic.world`: the actors and places of one seed, and how texts name
  them;
- :mod:`~benchmarks.synthetic.dates`: the span of the timeline and the EDTF date of an event;
- :mod:`~benchmarks.synthetic.record`: an event record's keys, its types and their subtypes;
- :mod:`~benchmarks.synthetic.content`: what an event of each type says;
- :mod:`~benchmarks.synthetic.events`: the stream of events, the same in both passes;
- :mod:`~benchmarks.synthetic.sources`: one source per 1000 events, its text (with the quotes
  at their offsets) and its record;
- :mod:`~benchmarks.synthetic.mutations`: the errors of an invalid variant, which events get
  them, and how each is made.
"""
