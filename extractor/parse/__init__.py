"""Pure functions over page text: lines, sections, amounts, measures, parties, signatures."""
