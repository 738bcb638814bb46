"""The main window's panes. A pane is listed only once it works end to end."""
