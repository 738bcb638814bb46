"""Dialogs that run a task of their own (e.g. fetching records from a meter)."""
