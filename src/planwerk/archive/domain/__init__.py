"""The archive's rules that need no database: values as JSON, the order of the
tables, the members' checksums."""
