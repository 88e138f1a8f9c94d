from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from civicdesk.councils.models import Council
from tests.portal.catalogue_questions import add_questions


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    media_root: Path = settings.MEDIA_ROOT
    return media_root


@pytest.fixture
def questions(demo: Council, media: Path) -> Council:
    add_questions(demo)
    return demo
