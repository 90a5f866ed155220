"""Streamlit helpers shared by the pages in ``pages/`` (the only Streamlit code outside
dashboard.py and pages/)."""
