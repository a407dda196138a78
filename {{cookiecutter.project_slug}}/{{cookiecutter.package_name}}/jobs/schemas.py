"""What the exports API answers."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..notes.schemas import NoteOut


class ExportOut(BaseModel):
    """An export as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    status: Literal["pending", "done", "failed"] = Field(
        description="pending until a worker has built it; then done or failed."
    )
    created_at: datetime
    finished_at: datetime | None = Field(
        description="When a worker finished it; null while it is pending."
    )
    message: str | None = Field(description="Why it failed; null unless it did.")
    notes: list[NoteOut] | None = Field(
        description="The notes it holds, oldest first; null until it is done."
    )
