"""Metadata read from text: people, dates, datelines and agencies; shared by both paths."""
