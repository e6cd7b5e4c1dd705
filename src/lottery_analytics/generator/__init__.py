"""Synthetic raw data with planted truth for the lottery-analytics warehouse.

``generate(GenerationConfig(...))`` writes the six raw tables of the contract and a
truth folder; see docs/generator.md.
"""

from lottery_analytics.generator.config import ConfigError, GenerationConfig
from lottery_analytics.generator.core import GenerationSummary, TableStats, generate

__all__ = ["ConfigError", "GenerationConfig", "GenerationSummary", "TableStats", "generate"]
