"""Query: the chronological and actor views of a loaded dataset, answered from indexes."""
