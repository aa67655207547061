"""voxpress: listen to any article, narrated offline by calibrated neural voices."""

__version__ = "0.1.0"
