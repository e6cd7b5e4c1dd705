"""Draw calendars and simulated jackpot paths of the five games.

Each game's path is simulated draw by draw from a fixed burn-in epoch
(:data:`params.PATH_EPOCH`): national plays respond to the advertised jackpot with a
knee, ``plays = base x weekday x (1 + (J/J0)^k) x lognormal noise``; the jackpot grows
by ``plays x contribution`` (up to the cap) and resets to the starting jackpot when the
draw has a winner, with ``P(win) = 1 - (1 - 1/odds)^plays``. Jackpots are never drawn
independently per draw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from lottery_analytics.generator import timeutil
from lottery_analytics.generator.params import (
    GAMES,
    GAMES_TAIL_DAYS,
    HIGH_JACKPOT_USD,
    PATH_EPOCH,
    USD_PER,
    Game,
)
from lottery_analytics.generator.rng import GLOBAL, rng_for


@dataclass
class GamePath:
    """Every simulated draw of one game since the epoch, in time order."""

    game: Game
    local_date: list[dt.date]
    draw_at: np.ndarray  # UTC epoch seconds
    utc_offset: np.ndarray  # seconds, local offset at the draw
    weekday: np.ndarray
    jackpot: np.ndarray  # advertised jackpot for the draw, currency units
    plays: np.ndarray  # national plays (lines) sold for the draw
    has_winner: np.ndarray
    price: np.ndarray  # ticket price, currency units
    j0: np.ndarray
    k: np.ndarray
    base: np.ndarray
    weekday_ratio: np.ndarray
    cap: np.ndarray  # np.inf when uncapped
    start_jackpot: np.ndarray
    contribution: np.ndarray
    odds: np.ndarray
    _demand: np.ndarray | None = field(default=None, repr=False, compare=False)

    def demand(self, idx: np.ndarray) -> np.ndarray:
        """Jackpot demand multiplier ``1 + (J/J0)^k`` of draws ``idx``."""
        if self._demand is None:
            self._demand = 1.0 + (self.jackpot / self.j0) ** self.k
        return self._demand[idx]

    def next_draw(self, t_sec: np.ndarray | Hours) -> np.ndarray:
        """Index of the first draw strictly after each instant (clipped to the last)."""
        i = next_after(self.draw_at, t_sec)
        return np.minimum(i, len(self.draw_at) - 1)


class Hours:
    """Instants ``t`` and their hour (relative to the first), to look several sorted
    calendars up (see :func:`next_after`)."""

    def __init__(self, t: np.ndarray) -> None:
        self.t = np.asarray(t, dtype=np.int64)
        h = self.t // timeutil.HOUR
        self.h_lo = int(h.min()) if len(h) else 0
        h -= self.h_lo
        self.h = h
        self.n_hours = int(h.max()) + 1 if len(h) else 0


def next_after(at: np.ndarray, t: np.ndarray | Hours) -> np.ndarray:
    """``np.searchsorted(at, t, side="right")`` for sorted instants ``at`` at least an hour
    apart: a table of the hours ``t`` spans gives the answer up to one step."""
    tt = t.t if isinstance(t, Hours) else np.asarray(t, dtype=np.int64)
    if len(tt) < 4096 or len(at) < 2 or int(np.diff(at).min()) < timeutil.HOUR:
        return np.searchsorted(at, tt, side="right")
    hrs = t if isinstance(t, Hours) else Hours(tt)
    starts = (hrs.h_lo + np.arange(hrs.n_hours, dtype=np.int64)) * timeutil.HOUR
    j = np.searchsorted(at, starts, side="right")[hrs.h]
    # at most one instant lies in (hour start, t]
    last = len(at) - 1
    return j + ((j <= last) & (at[np.minimum(j, last)] <= tt))


def path_epoch(start: dt.date) -> dt.date:
    """Burn-in start: the fixed epoch, or three years before an earlier window."""
    return min(PATH_EPOCH, start - dt.timedelta(days=3 * 365))


def simulate_game(
    game: Game, game_index: int, seed: int, epoch: dt.date, until: dt.date
) -> GamePath:
    """Simulate one game's draws in [epoch, until)."""
    days: list[dt.date] = []
    eras = []
    day = max(epoch, game.eras[0].valid_from)
    while day < until:
        era = game.era_at(day)
        if day.weekday() in era.draw_times:
            days.append(day)
            eras.append(era)
        day += dt.timedelta(days=1)
    n = len(days)
    # local wall-clock draw times -> UTC (the offset at local time minus the standard
    # offset is the offset at the draw: no draw falls in a DST transition hour)
    naive = np.array(
        [
            timeutil.epoch_seconds(d, *era.draw_times[d.weekday()])
            for d, era in zip(days, eras, strict=True)
        ],
        dtype=np.int64,
    )
    std = game.tz_std_offset_hours * timeutil.HOUR
    guess_off = timeutil.utc_offset(naive - std, game.tz_rule, game.tz_std_offset_hours)
    draw_at = naive - guess_off
    offset = timeutil.utc_offset(draw_at, game.tz_rule, game.tz_std_offset_hours)
    weekday = np.array([d.weekday() for d in days], dtype=np.int64)
    price = np.array([e.ticket_price for e in eras])
    j0 = np.array([e.j0 for e in eras])
    k = np.array([e.k for e in eras])
    base = np.array([e.base_plays for e in eras])
    wr = np.array([e.weekday_ratio[d.weekday()] for d, e in zip(days, eras, strict=True)])
    cap = np.array([e.cap if e.cap is not None else np.inf for e in eras])
    start_j = np.array([e.start_jackpot for e in eras])
    contrib = np.array([e.contribution_per_play for e in eras])
    odds = np.array([e.odds for e in eras], dtype=np.float64)
    # one stream each, so that a longer simulation extends a shorter one draw for draw
    noise = np.exp(rng_for(seed, GLOBAL, f"games/{game.slug}/noise").normal(0, game.noise_sigma, n))
    u = rng_for(seed, GLOBAL, f"games/{game.slug}/win").random(n)
    jackpot = np.empty(n)
    plays = np.empty(n)
    winner = np.zeros(n, dtype=bool)
    unit = game.rounding
    j = start_j[0]
    for i in range(n):
        j = max(j, start_j[i])
        jackpot[i] = j
        p = base[i] * wr[i] * (1.0 + (j / j0[i]) ** k[i]) * noise[i]
        plays[i] = np.floor(p)
        p_win = -np.expm1(plays[i] * np.log1p(-1.0 / odds[i]))
        winner[i] = u[i] < p_win
        if winner[i]:
            j = start_j[min(i + 1, n - 1)]
        else:
            j = min(cap[i], np.round((j + plays[i] * contrib[i]) / unit) * unit)
    return GamePath(
        game=game,
        local_date=days,
        draw_at=draw_at,
        utc_offset=offset,
        weekday=weekday,
        jackpot=jackpot,
        plays=plays,
        has_winner=winner,
        price=price,
        j0=j0,
        k=k,
        base=base,
        weekday_ratio=wr,
        cap=cap,
        start_jackpot=start_j,
        contribution=contrib,
        odds=odds,
    )


def simulate_paths(seed: int, start: dt.date, until: dt.date) -> list[GamePath]:
    """Every game's path from the burn-in epoch to ``until`` (exclusive)."""
    epoch = path_epoch(start)
    return [simulate_game(g, i, seed, epoch, until) for i, g in enumerate(GAMES)]


@dataclass
class DrawTable:
    """The draws written to the games table (window plus tail), all games."""

    game_index: np.ndarray
    draw_index: np.ndarray  # index into the game's path
    game_id: list[str]
    game_name: list[str]
    currency: list[str]
    draw_at: np.ndarray
    utc_offset: np.ndarray
    jackpot: np.ndarray
    jackpot_usd: np.ndarray
    price: np.ndarray
    plays: np.ndarray
    has_winner: np.ndarray
    #: derived values computed once per run (e.g. the game-id dictionary of orders)
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.draw_at)


def draw_table(paths: list[GamePath], start: dt.date, end: dt.date) -> DrawTable:
    """Draws with draw_at in [start, end + tail) of every game, ordered by time."""
    lo = timeutil.epoch_seconds(start)
    hi = timeutil.epoch_seconds(end + dt.timedelta(days=GAMES_TAIL_DAYS))
    parts = []
    for gi, path in enumerate(paths):
        idx = np.nonzero((path.draw_at >= lo) & (path.draw_at < hi))[0]
        parts.append((gi, idx))
    gidx = np.concatenate([np.full(len(i), g) for g, i in parts])
    didx = np.concatenate([i for _, i in parts])
    at = np.array([paths[g].draw_at[d] for g, d in zip(gidx, didx, strict=True)], dtype=np.int64)
    order = np.lexsort((gidx, at))
    gidx, didx, at = gidx[order], didx[order], at[order]

    def pick(attr: str) -> np.ndarray:
        return np.array([getattr(paths[g], attr)[d] for g, d in zip(gidx, didx, strict=True)])

    game_id = [
        f"{paths[g].game.slug}-{paths[g].local_date[d].isoformat()}"
        for g, d in zip(gidx, didx, strict=True)
    ]
    jackpot = pick("jackpot")
    currency = [paths[g].game.currency for g in gidx]
    return DrawTable(
        game_index=gidx.astype(np.int64),
        draw_index=didx.astype(np.int64),
        game_id=game_id,
        game_name=[paths[g].game.name for g in gidx],
        currency=currency,
        draw_at=at,
        utc_offset=pick("utc_offset").astype(np.int64),
        jackpot=jackpot,
        jackpot_usd=jackpot * np.array([USD_PER[c] for c in currency]),
        price=pick("price"),
        plays=pick("plays").astype(np.int64),
        has_winner=pick("has_winner").astype(bool),
    )


def high_jackpot_usd(paths: list[GamePath], t_sec: np.ndarray) -> np.ndarray:
    """Largest advertised jackpot (USD) among the next draws of every game at ``t_sec``."""
    best = np.zeros(len(t_sec))
    for path in paths:
        nxt = path.next_draw(t_sec)
        best = np.maximum(best, path.jackpot[nxt] * USD_PER[path.game.currency])
    return best


def is_high(jackpot_usd: np.ndarray) -> np.ndarray:
    return jackpot_usd >= HIGH_JACKPOT_USD
