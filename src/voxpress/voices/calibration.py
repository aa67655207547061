"""The former home of rate curves and calibration, kept so that existing imports work.

Curves live in ``voxpress.narration.curves``, measuring them in
``voxpress.narration.calibration``.
"""

from voxpress.narration.calibration import (
    CALIBRATION_RATES,
    CALIBRATION_TEXT,
    QUICK_RATES,
    calibrate,
    calibration_script,
    get_curve,
    narrated_wpm,
)
from voxpress.narration.curves import (
    CLAUSE_BREAK_UNITS,
    DEFAULT_RATE_RANGE,
    SENTENCE_UNITS,
    UNIT,
    RateCurve,
    load_curves,
    save_curve,
    shipped_path,
    spoken_size,
    stored_curve,
)

__all__ = [
    "CALIBRATION_RATES",
    "CALIBRATION_TEXT",
    "CLAUSE_BREAK_UNITS",
    "DEFAULT_RATE_RANGE",
    "QUICK_RATES",
    "SENTENCE_UNITS",
    "UNIT",
    "RateCurve",
    "calibrate",
    "calibration_script",
    "get_curve",
    "load_curves",
    "narrated_wpm",
    "save_curve",
    "shipped_path",
    "spoken_size",
    "stored_curve",
]
