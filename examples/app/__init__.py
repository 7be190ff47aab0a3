"""An example async program for awaitype: run it with `python -m app.main` from `examples/`."""
