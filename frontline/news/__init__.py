"""News text to reports: articles and corpora, dates, the extractor and its vocabulary."""

from frontline.news.articles import Article, BadRecord, read_articles
from frontline.news.extract import Extraction, Extractor

__all__ = ["Article", "BadRecord", "Extraction", "Extractor", "read_articles"]
