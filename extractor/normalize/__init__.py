"""Domain lexicons and fuzzy snapping of noisy OCR words; the raw text is always kept beside."""
