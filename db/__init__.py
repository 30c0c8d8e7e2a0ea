"""The database layer: tables, engine and sessions, migrations."""
