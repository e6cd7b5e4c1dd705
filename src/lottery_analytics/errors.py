"""The base class of the errors an analyst is meant to read."""

from __future__ import annotations


class LotteryError(Exception):
    """An error whose message names the cause and, where there is one, the fix. The command
    line prints the message and exits 1 (lottery_analytics.cli); the library raises it to
    its callers."""
