"""Small helpers shared by the Streamlit pages (store access, the view in the URL)."""
