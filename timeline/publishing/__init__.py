"""Publishing: a dataset as a release folder and as the exports other tools read."""
