"""News text to reports: articles and corpora, dates, the reader and its vocabulary.

The reader (:class:`Extractor`) finds what each sentence names (``mentions``), then walks
one reader per kind of claim (``claims``) over it; the grammar of English reporting is in
``patterns``, the words of one war in the vocabulary's data files (``vocabulary/``).
"""

from frontline.news.articles import Article, BadRecord, read_articles
from frontline.news.extract import Extraction, Extractor

__all__ = ["Article", "BadRecord", "Extraction", "Extractor", "read_articles"]
