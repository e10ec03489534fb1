"""The kinds of claim the reader finds, one class each, walked in order for every sentence.

Each claim reader has ``read(ctx)``: it looks at the sentence ``ctx.s`` (with the
sentences around it) and adds typed :class:`~frontline.scenario.Report` objects to
``ctx.found``, or :class:`~frontline.news.claims.evidence.Rejected` claims with the
reason to ``ctx.rejected``. :class:`~frontline.news.extract.Extractor` walks
:func:`readers` in order: captures, withdrawals, rates and areas, deployments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from frontline.news.articles import Article
from frontline.news.claims.evidence import Rejected
from frontline.news.mentions import Sentence
from frontline.scenario import Report

__all__ = ["ClaimReader", "Context"]


@dataclass
class Context:
    """One sentence being read, with what the article said before it.

    Attributes
    ----------
    article : Article
    sentences : list of Sentence
    index : int
        The sentence being read.
    last_side : str or None
        The last side an earlier sentence named as acting.
    foreign : str or None
        The last foreign state an earlier sentence named ('troops from the reclusive state').
    found : list of Report
    rejected : list of Rejected
    """

    article: Article
    sentences: list[Sentence]
    index: int
    last_side: str | None
    foreign: str | None
    found: list[Report]
    rejected: list[Rejected]

    @property
    def s(self) -> Sentence:
        return self.sentences[self.index]

    @property
    def prev(self) -> Sentence | None:
        return self.sentences[self.index - 1] if self.index else None

    @property
    def nxt(self) -> Sentence | None:
        return self.sentences[self.index + 1] if self.index + 1 < len(self.sentences) else None

    def reject(self, reason: str) -> None:
        """The sentence's claim gives no report, for ``reason``."""
        self.rejected.append(Rejected(self.article.id, self.s.span, self.s.text, reason))


class ClaimReader(Protocol):
    """Finds one kind of claim in a sentence."""

    def read(self, ctx: Context) -> None:
        """Add the reports (or rejected claims) of this kind that ``ctx.s`` makes."""
