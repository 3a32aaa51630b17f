"""Helpers the tests and the benchmarks share: serving the app on a free port with its own database."""
