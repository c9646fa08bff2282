"""Metadata read from text: people, dates, datelines and agencies, titles; shared by both paths."""
