"""Use cases: load from the database, call the domain, store the results."""
