"""Reading input files: containers (gzip, WARC, JSONL), formats and text decoding."""
