"""SQLModel tables and the queries on them: the one place for SQL."""
