"""Readers that turn files and streams into article text (one job per module)."""

from warta.io.text import decode_article_bytes, read_article_text

__all__ = ["decode_article_bytes", "read_article_text"]
