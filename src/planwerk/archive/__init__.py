"""The whole process in one file: `planwerk export FILE` and `planwerk import FILE`
(docs/archive.md)."""
