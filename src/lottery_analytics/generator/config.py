"""Configuration of one generator run, its validation and the catalogue of dirt kinds."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class DirtKind:
    """One kind of planted dirt.

    ``mode`` says how it is planted: ``modify`` alters an existing row, ``extra`` adds a
    new row that must not count as business data, ``copy`` re-delivers an existing row.
    ``rate`` is per eligible row (``eligible`` says which rows); for ``extra`` kinds it
    is the number of added rows per original row of the table.
    """

    table: str
    kind: str
    outcome: str  # rejected | cleaned | deduplicated | kept
    mode: str  # modify | extra | copy
    eligible: str
    description: str

    @property
    def qualified(self) -> str:
        return f"{self.table}.{self.kind}"


DIRT_KINDS: tuple[DirtKind, ...] = (
    DirtKind(
        "signups",
        "redelivered",
        "deduplicated",
        "copy",
        "every row",
        "second copy of the row with a later _loaded_at, same values",
    ),
    DirtKind(
        "signups",
        "unparseable_timestamp",
        "rejected",
        "modify",
        "every row",
        "signed_up_at is text that is not an ISO-8601 timestamp",
    ),
    DirtKind(
        "signups",
        "email_case_spaces",
        "cleaned",
        "modify",
        "every row",
        "email with upper-case letters and leading/trailing spaces",
    ),
    DirtKind(
        "signups",
        "country_case_spaces",
        "cleaned",
        "modify",
        "every row",
        "country_code lower case and/or padded with spaces",
    ),
    DirtKind(
        "signups",
        "unknown_country",
        "rejected",
        "modify",
        "every row",
        "country_code that is not an ISO-3166 code (XX, ZZ, QQ, AA)",
    ),
    DirtKind(
        "signups",
        "under_age",
        "rejected",
        "modify",
        "every row",
        "date_of_birth less than 18 years before signed_up_at",
    ),
    DirtKind(
        "signups", "null_date_of_birth", "rejected", "modify", "every row", "date_of_birth is null"
    ),
    DirtKind(
        "signups",
        "device_case",
        "cleaned",
        "modify",
        "every row",
        "device_type in mixed or upper case",
    ),
    DirtKind(
        "deposits",
        "redelivered",
        "deduplicated",
        "copy",
        "every row",
        "second copy with a later _loaded_at; for a completed deposit that is not "
        "the account's first, a third of copies carry status refunded (chargeback)",
    ),
    DirtKind(
        "deposits",
        "unknown_account",
        "rejected",
        "extra",
        "per row",
        "added deposit whose user_id has no signup",
    ),
    DirtKind(
        "deposits",
        "non_positive_amount",
        "rejected",
        "extra",
        "per row",
        "added deposit of a real account with amount 0 or negative",
    ),
    DirtKind(
        "deposits",
        "currency_lower_case",
        "cleaned",
        "modify",
        "every row",
        "currency in lower case",
    ),
    DirtKind(
        "deposits",
        "payment_method_case",
        "cleaned",
        "modify",
        "every row",
        "payment_method in mixed or upper case",
    ),
    DirtKind(
        "ticket_purchases",
        "redelivered",
        "deduplicated",
        "copy",
        "every row",
        "second copy with a later _loaded_at, same values",
    ),
    DirtKind(
        "ticket_purchases",
        "unknown_account",
        "rejected",
        "extra",
        "per row",
        "added purchase whose user_id has no signup",
    ),
    DirtKind(
        "ticket_purchases",
        "unknown_game",
        "rejected",
        "extra",
        "per row",
        "added purchase of a real account for a game_id that is not a draw",
    ),
    DirtKind(
        "ticket_purchases",
        "purchase_before_signup",
        "rejected",
        "extra",
        "per row",
        "added purchase of a real account dated before its signup",
    ),
    DirtKind(
        "ticket_purchases",
        "zero_ticket_count",
        "rejected",
        "extra",
        "per row",
        "added purchase of a real account with ticket_count 0 and amount 0",
    ),
    DirtKind(
        "ticket_purchases",
        "negative_amount",
        "rejected",
        "extra",
        "per row",
        "added purchase of a real account with a negative amount",
    ),
    DirtKind(
        "games",
        "null_jackpot",
        "kept",
        "modify",
        "every row",
        "jackpot_estimate is null (the true value is in truth/draws.parquet)",
    ),
    DirtKind(
        "funnel_spend",
        "channel_case",
        "cleaned",
        "modify",
        "every row",
        "channel in mixed or upper case",
    ),
    DirtKind(
        "funnel_spend",
        "negative_spend",
        "kept",
        "modify",
        "every row",
        "spend is negative: a credit note from the ad platform",
    ),
    DirtKind(
        "web_events",
        "redelivered",
        "deduplicated",
        "copy",
        "every row",
        "second copy with a later _loaded_at, same values",
    ),
    DirtKind(
        "web_events",
        "event_type_case",
        "cleaned",
        "modify",
        "every row",
        "event_type in mixed or upper case",
    ),
    DirtKind(
        "web_events",
        "utm_case_spaces",
        "cleaned",
        "modify",
        "rows with a utm_campaign",
        "utm_source/utm_medium/utm_campaign with upper case and spaces",
    ),
    DirtKind(
        "web_events",
        "late_arriving",
        "kept",
        "modify",
        "every row",
        "_loaded_at 3-20 days after event_at (normally under two hours)",
    ),
)
DIRT_BY_NAME: dict[str, DirtKind] = {d.qualified: d for d in DIRT_KINDS}
DIRT_SHORT_NAMES: frozenset[str] = frozenset(d.kind for d in DIRT_KINDS)

FORMATS = ("parquet", "csv")


class ConfigError(ValueError):
    """An invalid option; ``option`` names it (as on the command line)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"{option}: {message}")
        self.option = option
        self.message = message


def resolve_dirt_rates(default: float, overrides: dict[str, float]) -> dict[str, float]:
    """Rates of every qualified dirt kind.

    ``overrides`` keys may be qualified (``deposits.redelivered``), short kind names
    (``redelivered``: every table with that kind) or table names (``signups``: every
    kind of that table). Qualified names win over table names, which win over short ones.
    """
    rates = {name: default for name in DIRT_BY_NAME}
    ordered = sorted(
        overrides.items(),
        key=lambda kv: (
            2 if kv[0] in DIRT_BY_NAME else (1 if "." not in kv[0] and kv[0] in _TABLES else 0)
        ),
    )
    for key, rate in ordered:
        _check_rate(f"--dirt {key}", rate)
        if key in DIRT_BY_NAME:
            rates[key] = rate
        elif key in _TABLES:
            for name, kind in DIRT_BY_NAME.items():
                if kind.table == key:
                    rates[name] = rate
        elif key in DIRT_SHORT_NAMES:
            for name, kind in DIRT_BY_NAME.items():
                if kind.kind == key:
                    rates[name] = rate
        else:
            raise ConfigError("--dirt", f"unknown dirt kind {key!r}")
    return rates


_TABLES = frozenset(d.table for d in DIRT_KINDS)


def _check_rate(option: str, rate: float) -> None:
    if not (0.0 <= rate <= 1.0):
        raise ConfigError(option, f"rate {rate} is outside [0, 1]")


@dataclass(frozen=True)
class GenerationConfig:
    """Everything that determines a run's output (with ``out`` and ``truth_dir``)."""

    accounts: int
    start: dt.date
    days: int
    seed: int
    out: Path
    format: str = "parquet"
    truth_dir: Path | None = None  # default: out / "truth"
    dirt_rate: float = 0.01
    dirt: dict[str, float] = field(default_factory=dict)
    workers: int = 1
    chunk_accounts: int = 20_000
    quiet: bool = True
    overwrite: bool = False

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days)

    @property
    def truth_path(self) -> Path:
        return Path(self.truth_dir) if self.truth_dir is not None else Path(self.out) / "truth"

    @property
    def n_chunks(self) -> int:
        return max(1, -(-self.accounts // self.chunk_accounts))

    def chunk_bounds(self, index: int) -> tuple[int, int]:
        lo = index * self.chunk_accounts
        return lo, min(self.accounts, lo + self.chunk_accounts)

    def dirt_rates(self) -> dict[str, float]:
        return resolve_dirt_rates(self.dirt_rate, self.dirt)

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad option."""
        if not isinstance(self.accounts, int) or self.accounts < 1:
            raise ConfigError("--accounts", f"must be a positive integer, got {self.accounts}")
        if self.accounts > 50_000_000:
            raise ConfigError("--accounts", "at most 50,000,000")
        if not isinstance(self.days, int) or self.days < 1:
            raise ConfigError("--days", f"must be a positive integer, got {self.days}")
        if self.days > 3660:
            raise ConfigError("--days", "at most 3660 (ten years)")
        if not isinstance(self.start, dt.date):
            raise ConfigError("--start", "must be a date YYYY-MM-DD")
        if not (dt.date(2018, 1, 1) <= self.start <= dt.date(2035, 12, 31)):
            raise ConfigError("--start", "must be between 2018-01-01 and 2035-12-31")
        if not isinstance(self.seed, int) or self.seed < 0:
            raise ConfigError("--seed", f"must be a non-negative integer, got {self.seed}")
        if self.format not in FORMATS:
            raise ConfigError("--format", f"must be one of {', '.join(FORMATS)}")
        _check_rate("--dirt-rate", self.dirt_rate)
        self.dirt_rates()
        if not isinstance(self.workers, int) or self.workers < 1 or self.workers > 64:
            raise ConfigError("--workers", f"must be between 1 and 64, got {self.workers}")
        if not isinstance(self.chunk_accounts, int) or self.chunk_accounts < 100:
            raise ConfigError("--chunk-accounts", "must be an integer of at least 100")
        if self.chunk_accounts > 1_000_000:
            raise ConfigError("--chunk-accounts", "at most 1,000,000")
        if self.n_chunks >= 65_536:
            raise ConfigError("--chunk-accounts", "too many chunks (max 65,535)")
        out = Path(self.out)
        if out.exists() and not out.is_dir():
            raise ConfigError("--out", f"{out} exists and is not a directory")
        if out.is_dir() and any(out.iterdir()) and not self.overwrite:
            raise ConfigError("--out", f"{out} is not empty (use --overwrite)")
        truth = self.truth_path
        if self.truth_dir is not None:
            if truth.exists() and not truth.is_dir():
                raise ConfigError("--truth-dir", f"{truth} exists and is not a directory")
            if truth.is_dir() and any(truth.iterdir()) and not self.overwrite:
                raise ConfigError("--truth-dir", f"{truth} is not empty (use --overwrite)")
            if _inside(truth, out) and truth.resolve() != (out / "truth").resolve():
                raise ConfigError("--truth-dir", "must not be inside --out (except DIR/truth)")
        parent = out.resolve().parent
        if not parent.exists():
            raise ConfigError("--out", f"parent directory {parent} does not exist")
        if not os.access(parent, os.W_OK):
            raise ConfigError("--out", f"parent directory {parent} is not writable")


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True
