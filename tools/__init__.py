"""Command-line tools: building the Dutch spaCy pipeline, the terminal chat."""
