"""The presentation floor: views of the store as a briefing, a page, files and a picture.

It sits above the store and above the drawing code of ``layers/``, which it imports openly.

- ``steps``: the briefing steps of a view or of a curated briefing file (checked, with
  coded errors);
- ``view``: a ``View`` and what every format shares (checking it, its steps and title,
  the map's data read once from the store);
- ``html_export``: the map with the briefing player, as the page shows it or as one
  offline HTML file;
- ``data_files``: GeoJSON, CSV and GeoPackage (rows of ``briefmap.records``);
- ``picture``: PNG and SVG for a slide;
- ``export``: the one entry (``export``, ``export_bytes``), which checks the view and
  writes a file atomically. A new format is a module here plus its entries in
  ``export`` (``FORMATS``, ``MIME`` and the writers of ``export()``).
"""
