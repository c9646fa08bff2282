"""The HTML path: the page's facts read in one pass, the metadata readers, and trafilatura's
main text."""
