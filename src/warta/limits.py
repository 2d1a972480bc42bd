"""Default bounds on the work one article may cause (kept apart so the CLI can show them without
importing spaCy)."""

#: Longest text read, in characters (about 60 times a long news article); longer texts are cut
#: at a paragraph boundary and the record says so. ``None`` lifts the limit.
DEFAULT_MAX_CHARS = 200_000
#: Seconds one article may take; stages after the one that crosses it are skipped, with a
#: notice. The size limit keeps any single stage well inside this on ordinary hardware.
DEFAULT_TIME_BUDGET = 30.0
