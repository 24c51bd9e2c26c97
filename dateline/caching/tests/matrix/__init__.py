"""The generated freshness matrix (issue 19, point 7): every public URL kind × every kind of
change, each change made by a separate process. `tree` builds the site and lists its URLs by
kind, `changes` is the registry of change kinds, `processes` runs the reader and the writer."""
