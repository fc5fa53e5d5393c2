from pathlib import Path

import pytest
from hypothesis import settings

# No test asserts a wall time: Hypothesis's per-example deadline would fail a property on a busy
# machine (a parse taking 320 ms once while other work ran), not on a wrong result.
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
