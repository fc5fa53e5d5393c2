"""Imported by the workers' forkserver before it forks them: what every document needs, loaded once.

A worker forked afterwards starts with the German word list (330,000 words, 0.1 s to read) and
the lexicons in memory instead of reading them for its first document; on a batch of text-layer
PDFs that was a tenth of the workers' CPU time.
"""
from __future__ import annotations

from .normalize.lexicons import domain_words, regions
from .normalize.words import wordlist

wordlist()
regions()
domain_words()
