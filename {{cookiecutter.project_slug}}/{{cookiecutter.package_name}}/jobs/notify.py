"""Telling an owner that an export has finished: clients ask for it instead."""

from .models import Export


def export_finished(export: Export, status: str) -> None:
    """Nothing to send: clients follow the export's URL until it is done."""
