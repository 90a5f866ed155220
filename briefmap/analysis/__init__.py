"""The analysis floor: what a brief says about the places it names, stage by stage.

Each module reads the brief's ``Document`` (and the places floor's ``Context``): cue links
to features a sentence does not name (``cues``), themes (``themes``), dates (``dates``) and
flows of goods (``flows``, with their words in ``flow_words``). Offsets index
``Document.text``, except a date's, which index the sentence given to ``find_dates``. A new
stage is a module here plus one call in ``briefmap.pipeline`` (README, *Architecture*).
"""
