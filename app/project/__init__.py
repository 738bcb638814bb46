"""Projects: the user's sites and devices ("My devices"), saved as readable JSON files.

The modules are imported one by one (``app.project.model``, ``app.project.file``,
``app.project.paths``) so that low-level code such as the TLS pin store can
find the data folder without importing the whole model.
"""
