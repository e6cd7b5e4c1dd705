"""Arrow tables of the contract (and their dirt) from the simulated arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lottery_analytics.contract import RAW_TABLES
from lottery_analytics.generator import fmt
from lottery_analytics.generator import params as P
from lottery_analytics.generator.accounts import COUNTRY_CODES, DEVICE_TYPES, Accounts
from lottery_analytics.generator.campaigns import Plan, SpendRows
from lottery_analytics.generator.columns import (
    Column,
    Dict,
    Frame,
    Num,
    Strs,
    from_arrow,
    strs_from_arrow,
    strs_from_list,
)
from lottery_analytics.generator.dirt import (
    UNKNOWN_COUNTRIES,
    UNPARSEABLE_FORMATS,
    DirtLog,
    case_variants,
    dirty_index,
    n_extra,
    pick,
    space_variants,
    with_variants,
)
from lottery_analytics.generator.games import DrawTable, GamePath
from lottery_analytics.generator.money import COMPLETED, REFUNDED, STATUS, Money
from lottery_analytics.generator.sampling import Categorical, rare_rows
from lottery_analytics.generator.timeutil import DAY, HOUR, utc_offset
from lottery_analytics.generator.web import AGENT_DEVICE_TYPE, AGENTS, EVENT_TYPES, PAGES, WebChunk
from lottery_analytics.generator.web import REFERRERS as P_REFERRERS

SALTS = {
    "cookie": 0x5A17_C00C,
    "event": 0xE7E7_0001,
    "deposit": 0xDE90_5117,
    "purchase": 0x9C4A_5E01,
    "bot": 0xB07B_07,
}
CURRENCIES = ("USD", "EUR", "GBP")


@dataclass
class Ctx:
    """What a chunk needs to name things."""

    seed: int
    chunk: int
    accounts: int
    rates: dict[str, float]
    plan: Plan
    draws: DrawTable
    paths: list[GamePath]

    @property
    def user_width(self) -> int:
        return max(7, len(str(2 * self.accounts + 1000)))

    @property
    def visitor_width(self) -> int:
        return max(6, len(str(4 * self.accounts + 4)))

    def salt(self, kind: str) -> int:
        return (SALTS[kind] * 1_000_003 + self.seed * 7_919) & ((1 << 48) - 1)

    def ids(self, kind: str, prefix: str, local: np.ndarray) -> Strs:
        g = (np.uint64(self.chunk) << np.uint64(32)) | np.asarray(local, dtype=np.uint64)
        return fmt.hex_ids(prefix, fmt.mix48(g, self.salt(kind)))

    def user_ids(self, gidx: np.ndarray) -> Strs:
        return fmt.dec_ids("u", np.asarray(gidx) + 1, self.user_width)

    def unknown_user_ids(self, rng: np.random.Generator, k: int) -> Strs:
        return self.user_ids(self.accounts + 1000 + rng.integers(0, self.accounts + 1, k))

    def rate(self, table: str, kind: str) -> float:
        return self.rates.get(f"{table}.{kind}", 0.0)


def ts_forms(rng: np.random.Generator, table: str, n: int) -> np.ndarray:
    if table not in _TS_FORMS:
        p = np.cumsum(P.TS_FORM_P[table])
        _TS_FORMS[table] = Categorical.from_cdf(p / p[-1], 2)
    return _TS_FORMS[table].from_uniform(rng.random(n)).astype(np.int8)


_TS_FORMS: dict[str, Categorical] = {}


def load_times(rng: np.random.Generator, t: np.ndarray) -> np.ndarray:
    """Hourly batch loads: the next full hour plus up to 30 minutes."""
    return (t // HOUR + 1) * HOUR + rng.integers(60, 1800, len(t))


#: columns written dictionary-encoded (low cardinality or repeated ids)
DICT_COLS: dict[str, frozenset[str]] = {
    "signups": frozenset({"country_code", "device_type"}),
    "deposits": frozenset({"user_id", "currency", "payment_method", "status"}),
    "ticket_purchases": frozenset({"user_id", "game_id", "currency"}),
    "games": frozenset({"game_name", "currency"}),
    "funnel_spend": frozenset({"channel", "campaign_id", "campaign_name", "currency"}),
    "web_events": frozenset(
        {
            "anonymous_id",
            "user_id",
            "event_type",
            "page_url",
            "referrer",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "utm_content",
            "utm_term",
            "device_type",
            "user_agent",
        }
    ),
}


def _finish(table: str, cols: dict[str, Column | pa.Array]) -> Frame:
    """The contract's columns in order; DICT_COLS dictionary-encoded, others plain."""
    out: dict[str, Column] = {}
    for name in RAW_TABLES[table].column_names:
        col = cols[name]
        if isinstance(col, pa.Array | pa.ChunkedArray):
            col = from_arrow(col)
        if isinstance(col, Dict) and name not in DICT_COLS[table]:
            col = col.decoded()
        out[name] = col
    return Frame(out)


def _redeliver(
    rng: np.random.Generator, tbl: Frame, mask: np.ndarray, loaded: np.ndarray
) -> tuple[Frame, np.ndarray]:
    """Append copies of masked rows with a later _loaded_at (1-7 days later)."""
    idx = np.nonzero(mask)[0]
    if len(idx) == 0:
        return tbl, idx
    later = loaded[idx] + rng.integers(DAY, 7 * DAY, len(idx))
    copy = tbl.take(idx).replace(_loaded_at=fmt.timestamps_us(later))
    return Frame.concat([tbl, copy]), idx


def _rows(mask: np.ndarray) -> np.ndarray:
    return np.nonzero(mask)[0]


# --------------------------------------------------------------------------------------


def signups(
    rng: np.random.Generator,
    ctx: Ctx,
    acc: Accounts,
    web: WebChunk,
    cookie_ids: Strs,
    log: DirtLog,
) -> Frame:
    n = acc.n
    d = acc.signup_dirt
    uid = ctx.user_ids(acc.gidx)
    off = utc_offset(acc.signup_t, acc.tz_rule, acc.tz_std)
    ts = fmt.iso_timestamps(acc.signup_t, off, ts_forms(rng, "signups", n))
    bad = d["unparseable_timestamp"]
    if bad.any():
        idx = np.nonzero(bad)[0]
        local = fmt.timestamps_us(acc.signup_t[idx] + off[idx]).to_arrow()
        fmt_i = rng.integers(0, len(UNPARSEABLE_FORMATS), len(idx))
        by_format = [pc.strftime(local, format=f).to_pylist() for f in UNPARSEABLE_FORMATS]
        texts = [by_format[f][i] for i, f in enumerate(fmt_i.tolist())]
        ts = _replace_strs(ts, idx, texts)
    email = pc.binary_join_element_wise(
        fmt.category_strings(P.FIRST_NAMES, acc.first_name),
        ".",
        fmt.category_strings(P.LAST_NAMES, acc.last_name),
        fmt.dec_strings(acc.gidx + 1),
        "@",
        fmt.category_strings(P.EMAIL_DOMAINS, acc.email_domain),
        "",
    )
    em = d["email_case_spaces"]
    if em.any():
        idx = np.nonzero(em)[0]
        sub = email.take(pa.array(idx))
        styles = rng.integers(0, 3, len(idx))
        dirty = [
            (
                f"  {v.upper()}"
                if s == 0
                else f"{v[:1].upper()}{v[1:]} "
                if s == 1
                else f" {v.title()}  "
            )
            for v, s in zip(sub.to_pylist(), styles, strict=True)
        ]
        email = _replace(email, idx, dirty)
    email_col = strs_from_arrow(email)
    # unknown codes can also be badly spelled: variants of every code, known or not
    codes = COUNTRY_CODES + list(UNKNOWN_COUNTRIES)
    cats, _ = with_variants(codes, _country_variants)
    base = acc.country.copy()
    unk = d["unknown_country"]
    base[unk] = len(COUNTRY_CODES) + rng.integers(0, len(UNKNOWN_COUNTRIES), int(unk.sum()))
    cidx = dirty_index(rng, base, len(codes), d["country_case_spaces"])
    country = fmt.categories(cats, cidx)
    dob = acc.dob_days.copy()
    under = d["under_age"]
    dob[under] = acc.signup_t[under] // DAY - (
        rng.uniform(13.0, 17.9, int(under.sum())) * 365.25
    ).astype(np.int64)
    dob_arr = fmt.dates(dob, mask=d["null_date_of_birth"])
    dev_cats, _ = with_variants(list(DEVICE_TYPES))
    dtype = acc.devices.device_type[acc.primary_device]
    device = fmt.categories(dev_cats, dirty_index(rng, dtype, len(DEVICE_TYPES), d["device_case"]))
    anon_idx = np.maximum(web.signup_cookie, 0)
    anon = cookie_ids.take(anon_idx).with_null(web.signup_cookie < 0)
    loaded = load_times(rng, acc.signup_t)
    tbl = _finish(
        "signups",
        {
            "user_id": uid,
            "anonymous_id": anon,
            "signed_up_at": ts,
            "email": email_col,
            "country_code": country,
            "date_of_birth": dob_arr,
            "device_type": device,
            "_loaded_at": fmt.timestamps_us(loaded),
        },
    )
    for kind in (
        "unparseable_timestamp",
        "email_case_spaces",
        "country_case_spaces",
        "unknown_country",
        "under_age",
        "null_date_of_birth",
        "device_case",
    ):
        log.add("signups", kind, uid.take(_rows(d[kind])))
    tbl, idx = _redeliver(rng, tbl, d["redelivered"], loaded)
    log.add("signups", "redelivered", uid.take(idx))
    return tbl


def _country_variants(code: str) -> list[str]:
    return [code.lower(), f" {code}", f"{code.lower()} "]


def _replace_strs(col: Strs, idx: np.ndarray, values: list[str]) -> Strs:
    """``col`` with rows ``idx`` replaced by ``values``."""
    if len(idx) == 0:
        return col
    rep = strs_from_list(values)
    width = max(col.width, rep.width)
    mat = np.zeros((len(col), width + 4), np.uint8)
    mat[:, : col.width + 4] = col.mat
    mat[idx, : rep.width + 4] = rep.mat
    lengths = col.row_lengths()
    lengths[idx] = rep.row_lengths()
    return Strs(mat, lengths, col.null)


def _replace(arr: pa.Array, idx: np.ndarray, values: list[str]) -> pa.Array:
    py = arr.to_pylist() if len(arr) < 50_000 else None
    if py is not None:
        for i, v in zip(idx, values, strict=True):
            py[int(i)] = v
        return pa.array(py, type=pa.string())
    mask = np.zeros(len(arr), dtype=bool)
    mask[idx] = True
    full = np.empty(len(arr), dtype=object)
    full[idx] = values
    return pc.if_else(pa.array(mask), pa.array(full, type=pa.string()), arr)


# --------------------------------------------------------------------------------------


def deposits(
    rng: np.random.Generator, ctx: Ctx, acc: Accounts, money: Money, log: DirtLog
) -> Frame:
    t = "deposits"
    nd = len(money.dep_acc)
    # extra rows: unknown accounts and non-positive amounts of real accounts
    n_unk = n_extra(rng, nd, ctx.rate(t, "unknown_account"))
    n_np = n_extra(rng, nd, ctx.rate(t, "non_positive_amount"))
    real = np.nonzero(~acc.invalid)[0]
    n_np = n_np if len(real) else 0
    np_acc = real[rng.integers(0, max(len(real), 1), n_np)] if n_np else np.zeros(0, np.int64)
    t_end = ctx.plan.t0 + ctx.plan.days * DAY
    np_t = acc.signup_t[np_acc] + (rng.random(n_np) * (t_end - 60 - acc.signup_t[np_acc])).astype(
        np.int64
    )
    unk_t = ctx.plan.t0 + (rng.random(n_unk) * (t_end - 60 - ctx.plan.t0)).astype(np.int64)
    all_t = np.concatenate([money.dep_t, unk_t, np_t])
    acc_i = np.concatenate([money.dep_acc, rng.integers(0, acc.n, n_unk), np_acc])
    n_all = len(all_t)
    uid_idx = acc_i.copy()
    uid_idx[nd : nd + n_unk] = acc.n + np.arange(n_unk)
    users = Strs.concat([ctx.user_ids(acc.gidx), ctx.unknown_user_ids(rng, n_unk)])
    uid = fmt.categories(users, uid_idx)
    cents = np.concatenate(
        [
            money.dep_cents,
            np.round(np.exp(rng.normal(np.log(2500), 0.7, n_unk))).astype(np.int64) // 100 * 100,
            np.where(rng.random(n_np) < 0.5, 0, -rng.integers(1, 100, n_np) * 100),
        ]
    )
    status = np.concatenate(
        [
            money.dep_status,
            np.zeros(n_unk, np.int64),
            np.where(rng.random(n_np) < 0.7, COMPLETED, 1),
        ]
    )
    method = np.concatenate([money.dep_method, rng.integers(0, 5, n_unk + n_np)])
    market = acc.market[acc_i]
    cur = np.array([CURRENCIES.index(m.currency) for m in P.MARKETS])[market]
    cur_cats = list(CURRENCIES) + [c.lower() for c in CURRENCIES]
    m_cur = pick(rng, n_all, ctx.rate(t, "currency_lower_case"))
    cur = np.where(m_cur, cur + len(CURRENCIES), cur)
    pm_cats, _ = with_variants(list(P.PAYMENT_METHODS))
    m_pm = pick(rng, n_all, ctx.rate(t, "payment_method_case"))
    off = utc_offset(all_t, acc.tz_rule[acc_i], acc.tz_std[acc_i])
    ids = ctx.ids("deposit", "d", local=np.arange(n_all))
    loaded = load_times(rng, all_t)
    tbl = _finish(
        t,
        {
            "deposit_id": ids,
            "user_id": uid,
            "deposited_at": fmt.iso_timestamps(all_t, off, ts_forms(rng, t, n_all)),
            "amount": fmt.decimals(cents),
            "currency": fmt.categories(cur_cats, cur),
            "payment_method": fmt.categories(pm_cats, dirty_index(rng, method, 5, m_pm)),
            "status": fmt.categories(STATUS, status),
            "_loaded_at": fmt.timestamps_us(loaded),
        },
    )
    log.add(t, "unknown_account", ids.take(np.arange(nd, nd + n_unk)))
    log.add(t, "non_positive_amount", ids.take(np.arange(nd + n_unk, nd + n_unk + n_np)))
    log.add(t, "currency_lower_case", ids.take(_rows(m_cur)))
    log.add(t, "payment_method_case", ids.take(_rows(m_pm)))
    # re-deliveries; a third of the copies of later completed deposits become refunds
    m_re = pick(rng, n_all, ctx.rate(t, "redelivered"))
    tbl, idx = _redeliver(rng, tbl, m_re, loaded)
    if len(idx):
        is_ftd = np.concatenate([money.dep_is_ftd, np.zeros(n_unk + n_np, bool)])
        flip = (
            (status[idx] == COMPLETED) & ~is_ftd[idx] & (idx < nd) & (rng.random(len(idx)) < 1 / 3)
        )
        if flip.any():
            new_status = np.concatenate([status, np.where(flip, REFUNDED, status[idx])])
            tbl = tbl.replace(status=fmt.categories(STATUS, new_status))
        detail = pa.array(np.where(flip, "status completed->refunded", ""), type=pa.string())
        detail = pc.if_else(pc.equal(detail, ""), pa.scalar(None, pa.string()), detail)
        log.add(t, "redelivered", ids.take(idx), detail)
    return tbl


# --------------------------------------------------------------------------------------


def ticket_purchases(
    rng: np.random.Generator, ctx: Ctx, acc: Accounts, money: Money, log: DirtLog
) -> Frame:
    t = "ticket_purchases"
    draws = ctx.draws
    npur = len(money.pur_acc)
    t_end = ctx.plan.t0 + ctx.plan.days * DAY
    depositors = np.nonzero(money.ftd_t >= 0)[0]
    parts_acc = [money.pur_acc]
    parts_t = [money.pur_t]
    parts_draw = [money.pur_draw]
    parts_count = [money.pur_count]
    parts_cents = [money.pur_cents]
    kinds = []  # (kind, start, count)
    pos = npur

    def add(
        kind: str,
        acc_i: np.ndarray,
        tt: np.ndarray,
        draw: np.ndarray,
        count: np.ndarray,
        cents: np.ndarray,
    ) -> None:
        nonlocal pos
        parts_acc.append(acc_i)
        parts_t.append(tt)
        parts_draw.append(draw)
        parts_count.append(count)
        parts_cents.append(cents)
        kinds.append((kind, pos, len(acc_i)))
        pos += len(acc_i)

    def next_draw_any(tt: np.ndarray) -> np.ndarray:
        j = np.searchsorted(draws.draw_at, tt, side="right")
        return np.minimum(j, len(draws) - 1)

    def real_accounts(k: int) -> np.ndarray:
        if len(depositors) == 0:
            return np.zeros(0, np.int64)
        return depositors[rng.integers(0, len(depositors), k)]

    def after_ftd(a: np.ndarray) -> np.ndarray:
        """A time while the player plays: after the first deposit, before churn."""
        lo = money.ftd_t[a] + 600
        hi = np.maximum(np.minimum(money.active_until[a], t_end - 3600), lo + 1)
        return lo + (rng.random(len(a)) * (hi - lo)).astype(np.int64)

    def price_cents(d: np.ndarray) -> np.ndarray:
        return np.round(draws.price[d] * 100).astype(np.int64)

    k = n_extra(rng, npur, ctx.rate(t, "unknown_account"))
    tt = ctx.plan.t0 + (rng.random(k) * (t_end - 3600 - ctx.plan.t0)).astype(np.int64)
    dr = next_draw_any(tt)
    cnt = rng.integers(1, 6, k)
    add("unknown_account", rng.integers(0, max(acc.n, 1), k), tt, dr, cnt, cnt * price_cents(dr))
    for kind in ("unknown_game", "zero_ticket_count", "negative_amount"):
        a = real_accounts(n_extra(rng, npur, ctx.rate(t, kind)))
        tt = after_ftd(a)
        dr = next_draw_any(tt)
        cnt = rng.integers(1, 6, len(a))
        cents = cnt * price_cents(dr)
        if kind == "zero_ticket_count":
            cnt, cents = np.zeros(len(a), np.int64), np.zeros(len(a), np.int64)
        elif kind == "negative_amount":
            cents = -cents
        add(kind, a, tt, dr, cnt, cents)
    elig = depositors[acc.signup_t[depositors] - 3 * DAY - HOUR > ctx.plan.t0]
    k = n_extra(rng, npur, ctx.rate(t, "purchase_before_signup")) if len(elig) else 0
    a = elig[rng.integers(0, max(len(elig), 1), k)] if k else np.zeros(0, np.int64)
    tt = acc.signup_t[a] - rng.integers(HOUR, 3 * DAY, k)
    dr = next_draw_any(tt)
    cnt = rng.integers(1, 6, k)
    add("purchase_before_signup", a, tt, dr, cnt, cnt * price_cents(dr))

    acc_i = np.concatenate(parts_acc)
    all_t = np.concatenate(parts_t)
    draw = np.concatenate(parts_draw)
    count = np.concatenate(parts_count)
    cents = np.concatenate(parts_cents)
    n_all = len(acc_i)
    unk = next(x for x in kinds if x[0] == "unknown_account")
    uid_idx = acc_i.copy()
    uid_idx[unk[1] : unk[1] + unk[2]] = acc.n + np.arange(unk[2])
    users = Strs.concat([ctx.user_ids(acc.gidx), ctx.unknown_user_ids(rng, unk[2])])
    uid = fmt.categories(users, uid_idx)
    ug = next(x for x in kinds if x[0] == "unknown_game")
    # unknown games: the game of draw r one day later, at len(draws) + r
    gidx = draw.copy()
    gidx[ug[1] : ug[1] + ug[2]] += len(draws)
    gid = fmt.categories(_game_ids(draws), gidx)
    off = utc_offset(all_t, acc.tz_rule[acc_i], acc.tz_std[acc_i])
    ids = ctx.ids("purchase", "p", np.arange(n_all))
    loaded = load_times(rng, all_t)
    cur_idx = np.array([CURRENCIES.index(c) for c in draws.currency])[draw]
    tbl = _finish(
        t,
        {
            "purchase_id": ids,
            "user_id": uid,
            "game_id": gid,
            "purchased_at": fmt.iso_timestamps(all_t, off, ts_forms(rng, t, n_all)),
            "ticket_count": fmt.int64s(count),
            "amount": fmt.decimals(cents),
            "currency": fmt.categories(CURRENCIES, cur_idx),
            "_loaded_at": fmt.timestamps_us(loaded),
        },
    )
    for kind, start, cnt_k in kinds:
        log.add(t, kind, ids.take(np.arange(start, start + cnt_k)))
    m_re = pick(rng, n_all, ctx.rate(t, "redelivered"))
    tbl, idx = _redeliver(rng, tbl, m_re, loaded)
    log.add(t, "redelivered", ids.take(idx))
    return tbl


def _game_ids(draws: DrawTable) -> Strs:
    """Every draw's game_id, then the same shifted by one day (unique values)."""
    if "game_ids" not in draws.cache:
        ids = list(draws.game_id)
        draws.cache["game_ids"] = strs_from_list(ids + [_shift_game_id(g) for g in ids])
    return draws.cache["game_ids"]


def _shift_game_id(game_id: str) -> str:
    """The same game one day later: never a draw day of any of the five games."""
    import datetime as dt

    slug, date = game_id[:-11], game_id[-10:]
    return f"{slug}-{(dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()}"


# --------------------------------------------------------------------------------------


def web_events(
    rng: np.random.Generator,
    ctx: Ctx,
    acc: Accounts,
    web: WebChunk,
    cookie_ids: Strs,
    person_ids: Dict,
    log: DirtLog,
) -> tuple[Frame, Frame]:
    """web_events of the chunk and its truth events."""
    t = "web_events"
    n = len(web.event_t)
    ids = ctx.ids("event", "e", np.arange(n))
    visits = web.visits
    user_idx = web.user
    user = fmt.categories(ctx.user_ids(acc.gidx), np.maximum(user_idx, 0), user_idx < 0)
    off = utc_offset(web.event_t, visits.tz_rule[web.visit], visits.tz_std[web.visit])
    et_cats, _ = with_variants(list(EVENT_TYPES))
    m_et = pick(rng, n, ctx.rate(t, "event_type_case"))
    camps = ctx.plan.campaigns
    referrer = web.referrer
    page_cats = [P.SITE + p for p in PAGES] + [c.landing_url for c in camps]
    campaign = web.campaign
    has_utm = campaign >= 0
    utm_rows = np.nonzero(has_utm)[0]
    m_utm = np.zeros(n, dtype=bool)
    m_utm[utm_rows[rare_rows(rng, len(utm_rows), ctx.rate(t, "utm_case_spaces"))]] = True
    nc = len(camps)
    src_cats = [c.utm_source for c in camps]
    med_cats = [c.utm_medium for c in camps]
    cid_cats = [c.campaign_id for c in camps]
    # dirty spellings: variant j of campaign i at nc + 3 i + j
    src_cats = src_cats + [v for c in camps for v in space_variants(c.utm_source or "")]
    med_cats = med_cats + [v for c in camps for v in case_variants(c.utm_medium or "")]
    cid_cats = cid_cats + [v for c in camps for v in _campaign_variants(c.campaign_id)]
    cidx = np.maximum(campaign, 0)
    dirty_c = cidx.copy()
    dirty_c[m_utm] = nc + 3 * cidx[m_utm] + rng.integers(0, 3, int(m_utm.sum()))
    null = ~has_utm
    content_cats = [c.utm_content for c in camps]
    term_cats = [c.utm_term for c in camps]
    agent = web.agent
    dev_type = AGENT_DEVICE_TYPE[agent]
    loaded = load_times(rng, web.event_t)
    m_late = pick(rng, n, ctx.rate(t, "late_arriving"))
    loaded[m_late] = web.event_t[m_late] + rng.integers(3 * DAY, 20 * DAY, int(m_late.sum()))
    tbl = _finish(
        t,
        {
            "event_id": ids,
            "anonymous_id": fmt.categories(cookie_ids, web.cookie),
            "user_id": user,
            "event_at": fmt.iso_timestamps(web.event_t, off, ts_forms(rng, t, n)),
            "event_type": fmt.categories(et_cats, dirty_index(rng, web.event_type, 5, m_et)),
            "page_url": fmt.categories(page_cats, web.page),
            "referrer": fmt.categories(P_REFERRERS, np.maximum(referrer, 0), referrer < 0),
            "utm_source": fmt.categories(src_cats, dirty_c, null),
            "utm_medium": fmt.categories(med_cats, dirty_c, null),
            "utm_campaign": fmt.categories(cid_cats, dirty_c, null),
            "utm_content": fmt.categories(content_cats, cidx, null),
            "utm_term": fmt.categories(term_cats, cidx, null),
            "device_type": fmt.categories(DEVICE_TYPES, dev_type),
            "user_agent": fmt.categories(AGENTS, agent),
            "_loaded_at": fmt.timestamps_us(loaded),
        },
    )
    truth = Frame({"event_id": ids, "person_id": person_ids, "is_bot": Num(web.is_bot, "bool")})
    log.add(t, "event_type_case", ids.take(_rows(m_et)))
    log.add(t, "utm_case_spaces", ids.take(_rows(m_utm)))
    log.add(t, "late_arriving", ids.take(_rows(m_late)))
    m_re = pick(rng, n, ctx.rate(t, "redelivered"))
    tbl, idx = _redeliver(rng, tbl, m_re, loaded)
    log.add(t, "redelivered", ids.take(idx))
    return tbl, truth


def _campaign_variants(cid: str) -> list[str]:
    return [cid.upper(), f" {cid}", f"{cid[:1].upper()}{cid[1:]} "]


# --------------------------------------------------------------------------------------


def games_table(rng: np.random.Generator, ctx: Ctx, log: DirtLog) -> Frame:
    t = "games"
    d = ctx.draws
    n = len(d)
    m_null = pick(rng, n, ctx.rate(t, "null_jackpot"))
    # loaded when the jackpot was announced: after the game's previous draw
    prev = np.array(
        [
            ctx.paths[g].draw_at[max(i - 1, 0)]
            for g, i in zip(d.game_index, d.draw_index, strict=True)
        ],
        dtype=np.int64,
    )
    loaded = prev + HOUR + rng.integers(0, 1800, n)
    ids = strs_from_list(d.game_id)
    tbl = _finish(
        t,
        {
            "game_id": ids,
            "game_name": fmt.categories(d.game_name, np.arange(n)),
            "draw_at": fmt.iso_timestamps(d.draw_at, d.utc_offset, ts_forms(rng, t, n)),
            "jackpot_estimate": fmt.decimals(np.round(d.jackpot * 100).astype(np.int64), m_null),
            "currency": fmt.categories(d.currency, np.arange(n)),
            "ticket_price": fmt.decimals(np.round(d.price * 100).astype(np.int64)),
            "_loaded_at": fmt.timestamps_us(loaded),
        },
    )
    log.add(t, "null_jackpot", ids.take(_rows(m_null)))
    return tbl


def funnel_spend(rng: np.random.Generator, ctx: Ctx, rows: SpendRows, log: DirtLog) -> Frame:
    t = "funnel_spend"
    camps = ctx.plan.campaigns
    n = len(rows.day)
    channels = sorted({c.channel for c in camps if c.paid})
    ch_idx = np.array([channels.index(camps[c].channel) for c in rows.campaign])
    ch_cats, _ = with_variants(channels)
    m_case = pick(rng, n, ctx.rate(t, "channel_case"))
    m_neg = pick(rng, n, ctx.rate(t, "negative_spend"))
    spend = np.where(
        m_neg,
        -np.maximum(np.round(rows.spend_cents * rng.uniform(0.1, 0.6, n)), 100),
        rows.spend_cents,
    ).astype(np.int64)
    day_num = ctx.plan.t0 // DAY + rows.day
    cids = fmt.category_strings([c.campaign_id for c in camps], rows.campaign)
    tbl = _finish(
        t,
        {
            "spend_date": fmt.dates(day_num),
            "channel": fmt.categories(ch_cats, dirty_index(rng, ch_idx, len(channels), m_case)),
            "campaign_id": cids,
            "campaign_name": fmt.categories([c.name for c in camps], rows.campaign),
            "spend": fmt.decimals(spend),
            "currency": fmt.categories([c.currency for c in camps], rows.campaign),
            "impressions": fmt.int64s(rows.impressions),
            "clicks": fmt.int64s(rows.clicks),
            "_loaded_at": fmt.timestamps_us(
                (day_num + 1) * DAY + 6 * HOUR + rng.integers(0, 3600, n)
            ),
        },
    )
    keys = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(fmt.iso_timestamps(day_num * DAY).to_arrow(), 0, 10), cids, "|"
    )
    log.add(t, "channel_case", keys.filter(pa.array(m_case)))
    log.add(t, "negative_spend", keys.filter(pa.array(m_neg)))
    return tbl
