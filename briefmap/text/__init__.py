"""The text floor: from a brief's file to the analysed text every later stage reads.

Reading and decoding files (``reading``, ``decoding``, ``docx_xml``), the clean reading text
and its map back to the original (``normalise``), the corpus and its metadata (``corpus``,
``properties``, ``months``), sentences, morphology and the one analysed ``Document``, and the
pattern ``matcher`` of the word lists. Offsets index the reading text (``Brief.reading``,
``Document.text``); ``normalise`` maps them to the original file's text.
"""
