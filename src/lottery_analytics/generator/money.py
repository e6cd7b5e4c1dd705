"""Deposits and ticket purchases of one chunk's accounts.

A depositing account makes its first deposit (FTD) after a lag, then plays on
"occasions" (a session: maybe a deposit, then one or two orders) until it churns.
Occasions follow the player's own rate times the jackpot heat of its market (chasers:
the heat of the biggest jackpot, cubed), so more is played when jackpots are high.
Orders are for the next draw of a game chosen by market preference and jackpot demand.
Deposits follow a wallet: a new deposit (a multiple of the player's habitual amount)
happens when the cumulated orders exceed what was deposited.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lottery_analytics.generator import params as P
from lottery_analytics.generator.accounts import Accounts, sample_mixture
from lottery_analytics.generator.campaigns import Plan
from lottery_analytics.generator.games import DrawTable, GamePath, Hours, next_after
from lottery_analytics.generator.sampling import Categorical
from lottery_analytics.generator.sorting import lexsort
from lottery_analytics.generator.timeutil import DAY

GAME_SLUGS = [g.slug for g in P.GAMES]
STATUS = ("completed", "failed", "refunded")
COMPLETED, FAILED, REFUNDED = 0, 1, 2
_LINES = Categorical.from_cdf(np.cumsum(P.LINES_P) / np.sum(P.LINES_P), len(P.LINES_CHOICES) - 1)


@dataclass
class Money:
    # play occasions
    occ_acc: np.ndarray
    occ_t: np.ndarray
    occ_web: np.ndarray
    # deposit attempts
    dep_acc: np.ndarray
    dep_t: np.ndarray
    dep_cents: np.ndarray
    dep_status: np.ndarray
    dep_method: np.ndarray
    dep_occ: np.ndarray
    dep_is_ftd: np.ndarray
    # orders
    pur_acc: np.ndarray
    pur_t: np.ndarray
    pur_draw: np.ndarray  # row of the DrawTable
    pur_count: np.ndarray
    pur_cents: np.ndarray
    pur_occ: np.ndarray
    # per account
    ftd_t: np.ndarray  # -1 when none
    ftd_cents: np.ndarray
    active_until: np.ndarray


def _round_amounts(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """Snap amounts to round figures with probability ROUND_SNAP_PROB, else whole units."""
    rounds = np.array(P.ROUND_AMOUNTS)
    nearest = rounds[np.abs(np.log(x)[:, None] - np.log(rounds)[None, :]).argmin(axis=1)]
    snapped = rng.random(len(x)) < P.ROUND_SNAP_PROB
    return np.where(snapped, nearest, np.maximum(np.round(x), 5.0))


def _group_cumsum(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Cumulative sum within runs of equal ``group`` (rows sorted by group)."""
    if len(values) == 0:
        return values.astype(np.float64)
    c = np.cumsum(values)
    start = np.r_[True, group[1:] != group[:-1]]
    start_idx = np.maximum.accumulate(np.where(start, np.arange(len(c)), 0))
    return c - (c[start_idx] - values[start_idx])


def make_money(
    rng: np.random.Generator,
    acc: Accounts,
    plan: Plan,
    paths: list[GamePath],
    draws: DrawTable,
) -> Money:
    n = acc.n
    t_end = plan.t0 + plan.days * DAY
    chans = P.CHANNELS
    dep_prob = np.array([c.deposit_prob for c in chans])[acc.channel]
    depositor = (~acc.invalid) & (rng.random(n) < dep_prob)
    lag = sample_mixture(rng, n, P.FTD_LAG_MIX)
    lag = np.where(acc.is_chaser & (rng.random(n) < 0.8), np.minimum(lag, 3 * 3600), lag)
    ftd_t = acc.signup_t + 30 + lag.astype(np.int64)
    depositor &= ftd_t < t_end - 600
    ftd_t = np.where(depositor, ftd_t, -1)
    ftd_amt = _round_amounts(rng, P.FTD_MEDIAN * np.exp(P.FTD_SIGMA * rng.standard_normal(n)))
    ftd_amt = np.where(acc.is_chaser, np.maximum(ftd_amt, 10.0), ftd_amt)
    habit = np.maximum(_round_amounts(rng, ftd_amt * np.exp(0.3 * rng.standard_normal(n))), 10.0)

    # lifetime and play intensity
    s365 = np.where(acc.is_chaser, P.ACTIVE_AFTER_YEAR_CHASER, P.ACTIVE_AFTER_YEAR)
    scale = 365.0 / (-np.log(s365)) ** (1 / P.LIFETIME_SHAPE)
    life = scale * rng.weibull(P.LIFETIME_SHAPE, n) * DAY
    # play stops 10 minutes before the window ends: an occasion's orders (up to ~5
    # minutes after it) stay inside the window
    active_until = np.minimum(ftd_t + life.astype(np.int64), t_end - 600)
    rate = P.OCCASIONS_PER_WEEK_MEDIAN * np.exp(P.OCCASIONS_SIGMA * rng.standard_normal(n))
    lines_mult = np.exp(P.LINES_SIGMA * rng.standard_normal(n))

    heat_rel = plan.market_heat / plan.market_heat.mean(axis=1, keepdims=True)
    hmax = heat_rel.max(axis=1)
    hi = np.maximum(plan.hi_usd / plan.hi_usd.max(), 0.01) ** P.CHASER_PLAY_HEAT_EXPONENT

    span = np.where(depositor, np.maximum(active_until - ftd_t - 3600, 0), 0) / DAY
    peak = np.where(acc.is_chaser, 1.5, hmax[acc.market])
    n_cand = rng.poisson(rate / 7.0 * peak * span)
    cand_acc = np.repeat(np.arange(n), n_cand)
    cand_t = (
        ftd_t[cand_acc] + 3600 + (rng.random(len(cand_acc)) * span[cand_acc] * DAY).astype(np.int64)
    )
    cand_day = np.clip((cand_t - plan.t0) // DAY, 0, plan.days - 1)
    accept_p = np.where(
        acc.is_chaser[cand_acc],
        hi[cand_day],
        heat_rel[acc.market[cand_acc], cand_day] / hmax[acc.market[cand_acc]],
    )
    keep = rng.random(len(cand_acc)) < accept_p
    first_acc = np.nonzero(depositor)[0]
    occ_acc = np.concatenate([first_acc, cand_acc[keep]])
    occ_t = np.concatenate([ftd_t[first_acc], cand_t[keep]])
    occ_first = np.concatenate([np.ones(len(first_acc), bool), np.zeros(int(keep.sum()), bool)])
    order = lexsort((occ_t, occ_acc))
    occ_acc, occ_t, occ_first = occ_acc[order], occ_t[order], occ_first[order]
    n_occ = len(occ_acc)
    app_p = np.where(acc.platform == 1, P.APP_OCCASION_SHARE_APP, P.APP_OCCASION_SHARE_WEB)
    occ_web = rng.random(n_occ) >= app_p[occ_acc]

    # games: market preference x demand of each game's next draw; chasers: the biggest
    # (one array per game: cumulative weights and the best US-dollar jackpot so far)
    pref = np.array([[m.game_weights.get(s, 0.0) for s in GAME_SLUGS] for m in P.MARKETS])
    occ_market = acc.market[occ_acc]
    cum: list[np.ndarray] = []
    best_game = np.zeros(n_occ, dtype=np.int64)
    best_usd = np.zeros(0)
    occ_hours = Hours(occ_t)
    for gi, path in enumerate(paths):
        nxt = path.next_draw(occ_hours)
        w = pref[:, gi][occ_market] * path.demand(nxt)
        cum.append(w if gi == 0 else cum[-1] + w)
        usd = path.jackpot[nxt] * P.USD_PER[path.game.currency]
        if gi == 0:
            best_usd = usd
        else:
            better = usd > best_usd
            best_game[better] = gi
            best_usd = np.where(better, usd, best_usd)

    def draw_game(r: np.ndarray) -> np.ndarray:
        u = r * cum[-1]
        g = np.zeros(n_occ, dtype=np.int64)
        for c in cum:
            g += c < u
        return np.minimum(g, len(paths) - 1)

    g1 = draw_game(rng.random(n_occ))
    chase = acc.is_chaser[occ_acc] & (occ_first | (rng.random(n_occ) < 0.7))
    g1 = np.where(chase, best_game, g1)
    g2 = draw_game(rng.random(n_occ))
    second = (rng.random(n_occ) < P.SECOND_GAME_P) & (g2 != g1) & ~occ_first

    # orders: each occasion's first game, then its second (when it has one)
    per_occ = 1 + second.astype(np.int64)
    pur_occ = np.repeat(np.arange(n_occ), per_occ)
    pur_rank = np.arange(len(pur_occ)) - np.repeat(np.cumsum(per_occ) - per_occ, per_occ)
    pur_game = np.where(pur_rank == 0, g1[pur_occ], g2[pur_occ])
    pur_acc = occ_acc[pur_occ]
    n_pur = len(pur_occ)
    pur_t = occ_t[pur_occ] + rng.integers(30, 200, n_pur) + pur_rank * rng.integers(20, 120, n_pur)

    # the draw: next draw of the game after the order (sometimes the one after)
    pur_draw = np.empty(n_pur, dtype=np.int64)
    for gi in range(len(paths)):
        sel = pur_game == gi
        rows = np.nonzero(draws.game_index == gi)[0]
        at = draws.draw_at[rows]
        j = next_after(at, pur_t[sel])
        j = j + (rng.random(int(sel.sum())) < 0.08)
        pur_draw[sel] = rows[np.minimum(j, len(rows) - 1)]
    price_cents = np.round(draws.price[pur_draw] * 100).astype(np.int64)
    li = _LINES.from_uniform(rng.random(n_pur))
    lines = np.array(P.LINES_CHOICES)[li]
    count = np.clip(np.round(lines * lines_mult[pur_acc]), 1, 100).astype(np.int64)
    pur_cur = np.array([P.USD_PER[c] for c in draws.currency])[pur_draw]
    acc_fx = np.array([P.USD_PER[m.currency] for m in P.MARKETS])[acc.market[pur_acc]]
    # the first order fits in the first deposit
    first_cap = np.floor(ftd_amt[pur_acc] * acc_fx / pur_cur / draws.price[pur_draw])
    is_first_occ = occ_first[pur_occ]
    count = np.where(is_first_occ, np.clip(count, 1, np.maximum(first_cap, 1)), count)
    pur_cents = count * price_cents

    # wallet: deposits needed after each occasion
    spend_acc_cents = pur_cents * pur_cur / acc_fx
    occ_spend = np.bincount(pur_occ, weights=spend_acc_cents, minlength=n_occ)
    cum = _group_cumsum(occ_spend, occ_acc)
    f_c = ftd_amt[occ_acc] * 100
    h_c = habit[occ_acc] * 100
    k = 1 + np.maximum(0, np.ceil((cum - f_c) / h_c - 1e-9)).astype(np.int64)
    k_prev = np.where(occ_first, 0, np.r_[0, k[:-1]])
    n_new = k - k_prev
    has_dep = n_new > 0
    dep_occ = np.nonzero(has_dep)[0]
    dep_acc = occ_acc[dep_occ]
    dep_first = occ_first[dep_occ]
    dep_cents = np.where(
        dep_first,
        np.round(ftd_amt[dep_acc] * 100),
        np.round(habit[dep_acc] * 100) * n_new[dep_occ],
    ).astype(np.int64)
    dep_t = occ_t[dep_occ]
    # payment method: the account's usual one, sometimes another
    mk = [m.code for m in P.MARKETS]
    usual = np.empty(n, dtype=np.int64)
    for mi, code in enumerate(mk):
        sel = acc.market == mi
        pm = np.cumsum(P.PAYMENT_P[code]) / np.sum(P.PAYMENT_P[code])
        usual[sel] = np.minimum(np.searchsorted(pm, rng.random(int(sel.sum())), "right"), 4)
    nd = len(dep_occ)
    method = np.where(
        rng.random(nd) < 0.9, usual[dep_acc], rng.integers(0, len(P.PAYMENT_METHODS), nd)
    )
    status = np.where((~dep_first) & (rng.random(nd) < P.REFUNDED_DEPOSIT_P), REFUNDED, COMPLETED)
    # failed attempts shortly before some deposits
    fail = rng.random(nd) < P.FAILED_DEPOSIT_P
    fi = np.nonzero(fail)[0]
    # a failed attempt shortly before, but never before the signup itself
    fail_t = np.maximum(dep_t[fi] - rng.integers(30, 300, len(fi)), acc.signup_t[dep_acc[fi]] + 5)
    dep_acc = np.concatenate([dep_acc, dep_acc[fi]])
    dep_t2 = np.concatenate([dep_t, fail_t])
    dep_cents = np.concatenate([dep_cents, dep_cents[fi]])
    status = np.concatenate([status, np.full(len(fi), FAILED)])
    method = np.concatenate([method, method[fi]])
    dep_occ2 = np.concatenate([dep_occ, dep_occ[fi]])
    is_ftd = np.concatenate([dep_first, np.zeros(len(fi), bool)])
    order = lexsort((dep_t2, dep_acc))

    return Money(
        occ_acc=occ_acc,
        occ_t=occ_t,
        occ_web=occ_web,
        dep_acc=dep_acc[order],
        dep_t=dep_t2[order],
        dep_cents=dep_cents[order],
        dep_status=status[order].astype(np.int64),
        dep_method=method[order].astype(np.int64),
        dep_occ=dep_occ2[order],
        dep_is_ftd=is_ftd[order],
        pur_acc=pur_acc,
        pur_t=pur_t,
        pur_draw=pur_draw,
        pur_count=count,
        pur_cents=pur_cents,
        pur_occ=pur_occ,
        ftd_t=ftd_t,
        ftd_cents=np.where(depositor, np.round(ftd_amt * 100), 0).astype(np.int64),
        active_until=np.where(depositor, active_until, -1),
    )
