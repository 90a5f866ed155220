"""The places floor: the gazetteer and the geoparser that finds places in a ``Document``.

The gazetteer's three tiers (``gazetteer``: curated ``geodata/places.toml`` and
``world.toml`` checked by ``curated``, CLDR names, GeoNames cities), the region of interest
(``region``), the geoparser (``geoparse``: ``Found`` records) and what each sentence names
(``context``). Offsets index ``Document.text``, the brief's reading text.
"""
