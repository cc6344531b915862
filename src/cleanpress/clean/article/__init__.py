"""The article step: which lines of a story are its article, and its headline.

``features`` describes each line, ``line_model`` scores it, ``region`` finds
the best-scoring run of lines (and the article's part across an interruption),
``headline`` picks the headline, and ``step`` puts them together for each story
of a page, explaining every removal it makes.
"""
