"""lottery-analytics: the analytics warehouse of an online lottery ticket seller."""

__version__ = "0.1.0"
