"""Where the generator's CPU time goes, stage by stage, in one process.

    python benchmarks/profile_generator.py                  # 200k accounts, one year
    python benchmarks/profile_generator.py --accounts 50000 --json out.json

Runs the chunks of `generate()` in this process (no workers, nothing written) and times
each stage with the process CPU clock: the simulation (accounts, money, web visits), the
table builders (ids, ISO text and dictionary columns included), the truth tables and the
Parquet encoding of every table (pyarrow's writer with the generator's per-table options,
into memory; snappy included).
Figures are CPU nanoseconds per row of the six raw tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from lottery_analytics.contract import RAW_TABLES
from lottery_analytics.generator import GenerationConfig, fmt, tables, truth
from lottery_analytics.generator import params as P
from lottery_analytics.generator.accounts import make_accounts
from lottery_analytics.generator.columns import Strs
from lottery_analytics.generator.core import TRUTH_SCHEMAS, _count_lines, _ctx, build_global
from lottery_analytics.generator.dirt import DirtLog
from lottery_analytics.generator.money import make_money
from lottery_analytics.generator.rng import rng_for
from lottery_analytics.generator.web import make_web
from lottery_analytics.generator.writer import arrow_table, parquet_options


class _Timer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def __call__(self, key: str) -> _Timer:
        self._key = key
        return self

    def __enter__(self) -> None:
        self._t0 = time.process_time()

    def __exit__(self, *exc: object) -> None:
        self.seconds[self._key] += time.process_time() - self._t0


def encode(frame: object, name: str, schema: pa.Schema) -> None:
    """Table ``name``'s chunk as the generator writes it, into memory."""
    tbl = arrow_table(frame, name, schema)  # type: ignore[arg-type]
    sink = pa.BufferOutputStream()
    pq.write_table(tbl, sink, row_group_size=max(1, tbl.num_rows), **parquet_options(name, schema))


def profile(accounts: int, days: int, seed: int) -> dict:
    cfg = GenerationConfig(
        accounts=accounts, start=dt.date(2025, 1, 1), days=days, seed=seed, out=Path("unused")
    )
    g = build_global(cfg)
    tm = _Timer()
    rows: dict[str, int] = defaultdict(int)
    for index in range(cfg.n_chunks):
        lo, hi = cfg.chunk_bounds(index)

        def rng(stream: str, index: int = index) -> np.random.Generator:
            return rng_for(cfg.seed, index, stream)

        ctx = _ctx(g, index)
        log = DirtLog()
        with tm("simulation: accounts"):
            acc = make_accounts(rng("accounts"), rng("dirt/signups"), g.plan, lo, hi, g.rates)
        with tm("simulation: money (deposits, orders)"):
            money = make_money(rng("money"), acc, g.plan, g.paths, g.draws)
        with tm("simulation: web visits and events"):
            web = make_web(rng("web"), acc, money, g.plan, round((hi - lo) * P.VISITOR_RATIO))
        with tm("tables: ids of people and cookies"):
            user_ids = ctx.user_ids(acc.gidx)
            cookie_ids = ctx.ids("cookie", "a", np.arange(web.n_cookies))
            visitors = lo * 4 + np.arange(web.n_visitors)
            visitor_ids = fmt.dec_ids("v", visitors, ctx.visitor_width)
            bot_ids = ctx.ids("bot", "b", np.arange(web.n_bots))
            person_ids = Strs.concat([user_ids, visitor_ids, bot_ids])
        with tm("tables: signups"):
            sig = tables.signups(rng("dirt/signups/table"), ctx, acc, web, cookie_ids, log)
        with tm("tables: deposits"):
            dep = tables.deposits(rng("dirt/deposits"), ctx, acc, money, log)
        with tm("tables: ticket_purchases"):
            pur = tables.ticket_purchases(rng("dirt/purchases"), ctx, acc, money, log)
        with tm("tables: web_events"):
            wev, events = tables.web_events(
                rng("dirt/web"), ctx, acc, web, cookie_ids,
                truth.event_person_ids(web, person_ids), log,
            )  # fmt: skip
        with tm("truth: accounts, cookies, dirty rows"):
            tr = {
                "events": events,
                "accounts": truth.accounts_truth(
                    acc, money, web, user_ids, cookie_ids, g.campaign_ids, g.campaign_channels
                ),
                "cookies": truth.cookies_truth(web, person_ids, cookie_ids),
                "dirty_rows": log.table(),
            }
            _count_lines(pur)
        for name, frame in (
            ("signups", sig),
            ("deposits", dep),
            ("ticket_purchases", pur),
            ("web_events", wev),
        ):
            rows[name] += frame.num_rows
            with tm(f"parquet: {name}"):
                encode(frame, name, RAW_TABLES[name].arrow_schema)
        with tm("parquet: truth"):
            for name, frame in tr.items():
                encode(frame, name, TRUTH_SCHEMAS[name])
    total_rows = sum(rows.values())
    seconds = dict(tm.seconds)
    total = sum(seconds.values())
    stages = {
        k: {
            "seconds": round(v, 3),
            "share": round(v / total, 3),
            "ns_per_row": round(v / total_rows * 1e9),
        }
        for k, v in sorted(seconds.items(), key=lambda kv: -kv[1])
    }
    return {
        "accounts": accounts,
        "days": days,
        "rows": dict(rows),
        "total_rows": total_rows,
        "cpu_seconds": round(total, 2),
        "cpu_ns_per_row": round(total / total_rows * 1e9),
        "stages": stages,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--accounts", type=int, default=200_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    result = profile(args.accounts, args.days, args.seed)
    print(f"{result['total_rows']:,} rows, {result['cpu_ns_per_row']} ns of CPU per row")
    for name, st in result["stages"].items():
        print(f"  {name:40s} {100 * st['share']:5.1f}%  {st['ns_per_row']:4d} ns/row")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
