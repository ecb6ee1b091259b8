"""Text as the rules see it: folded characters, lines, tokens, numerals, dates."""
