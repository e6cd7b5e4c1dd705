"""Orchestration: global state once, chunks of accounts in parallel, ordered writing."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from lottery_analytics.contract import RAW_TABLES, TABLE_NAMES
from lottery_analytics.generator import campaigns as C
from lottery_analytics.generator import fmt, tables, truth
from lottery_analytics.generator import params as P
from lottery_analytics.generator.accounts import make_accounts
from lottery_analytics.generator.columns import Dict, Frame, Num, Strs, materialize
from lottery_analytics.generator.config import GenerationConfig
from lottery_analytics.generator.dirt import DIRTY_ROWS_SCHEMA, DirtLog
from lottery_analytics.generator.games import draw_table, simulate_paths
from lottery_analytics.generator.marketing_truth import write_marketing_truth
from lottery_analytics.generator.money import make_money
from lottery_analytics.generator.rng import GLOBAL, rng_for
from lottery_analytics.generator.web import make_web
from lottery_analytics.generator.writer import (
    TableFile,
    arrow_table,
    csv_chunk,
    table_bytes,
    write_dirs,
    write_part,
)

CHUNK_TABLES = ("signups", "deposits", "ticket_purchases", "web_events")
TRUTH_SCHEMAS = {
    "events": truth.EVENTS_SCHEMA,
    "accounts": truth.ACCOUNTS_SCHEMA,
    "cookies": truth.COOKIES_SCHEMA,
    "dirty_rows": DIRTY_ROWS_SCHEMA,
}


@dataclass
class TableStats:
    rows: int
    bytes: int


@dataclass
class GenerationSummary:
    """What a run wrote: rows and bytes per table, timings."""

    out: Path
    truth_dir: Path
    format: str
    tables: dict[str, TableStats]
    truth: dict[str, TableStats]
    seconds: float
    chunks: int
    workers: int

    @property
    def total_rows(self) -> int:
        return sum(s.rows for s in self.tables.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds > 0 else float("inf")


@dataclass
class GlobalState:
    """Run-wide state computed once and shared (read-only) by the chunks."""

    config: GenerationConfig
    rates: dict[str, float]
    paths: list
    draws: object
    plan: C.Plan
    campaign_ids: list[str] = field(default_factory=list)
    campaign_channels: list[str] = field(default_factory=list)


def build_global(config: GenerationConfig) -> GlobalState:
    until = config.end + dt.timedelta(days=P.GAMES_TAIL_DAYS + 2)
    paths = simulate_paths(config.seed, config.start, until)
    draws = draw_table(paths, config.start, config.end)
    plan = C.build_plan(paths, config.start, config.days, config.accounts, config.seed)
    return GlobalState(
        config=config,
        rates=config.dirt_rates(),
        paths=paths,
        draws=draws,
        plan=plan,
        campaign_ids=[c.campaign_id for c in plan.campaigns],
        campaign_channels=[c.channel for c in plan.campaigns],
    )


def global_tables(g: GlobalState) -> tuple[dict[str, Frame], pa.Table, pa.Table]:
    """games and funnel_spend, their dirt log, and truth/draws."""
    cfg = g.config
    ctx = _ctx(g, GLOBAL & 0xFFFF)
    log = DirtLog()
    games = tables.games_table(rng_for(cfg.seed, GLOBAL, "games/table"), ctx, log)
    rows = C.spend_rows(g.plan, cfg.seed)
    spend = tables.funnel_spend(rng_for(cfg.seed, GLOBAL, "funnel_spend/table"), ctx, rows, log)
    return {"games": games, "funnel_spend": spend}, log.table(), truth.draws_truth(g.draws)


def _ctx(g: GlobalState, chunk: int) -> tables.Ctx:
    return tables.Ctx(
        seed=g.config.seed,
        chunk=chunk,
        accounts=g.config.accounts,
        rates=g.rates,
        plan=g.plan,
        draws=g.draws,
        paths=g.paths,
    )


@dataclass
class ChunkResult:
    """A chunk's tables and truth parts, and its lines per game (for params.json)."""

    tables: dict[str, Frame]
    truth: dict[str, Frame | pa.Table]
    lines: dict[str, int]


def run_chunk(g: GlobalState, index: int) -> ChunkResult:
    """Tables and truth parts of chunk ``index`` (depends only on seed and index)."""
    cfg = g.config
    lo, hi = cfg.chunk_bounds(index)

    def rng(stream: str) -> np.random.Generator:
        return rng_for(cfg.seed, index, stream)

    ctx = _ctx(g, index)
    log = DirtLog()
    acc = make_accounts(rng("accounts"), rng("dirt/signups"), g.plan, lo, hi, g.rates)
    money = make_money(rng("money"), acc, g.plan, g.paths, g.draws)
    n_visitors = round((hi - lo) * P.VISITOR_RATIO)
    web = make_web(rng("web"), acc, money, g.plan, n_visitors)

    user_ids = ctx.user_ids(acc.gidx)
    cookie_ids = ctx.ids("cookie", "a", np.arange(web.n_cookies))
    visitor_ids = fmt.dec_ids("v", lo * 4 + np.arange(web.n_visitors), ctx.visitor_width)
    bot_ids = ctx.ids("bot", "b", np.arange(web.n_bots))
    person_ids = Strs.concat([user_ids, visitor_ids, bot_ids])

    out = {
        "signups": tables.signups(rng("dirt/signups/table"), ctx, acc, web, cookie_ids, log),
        "deposits": tables.deposits(rng("dirt/deposits"), ctx, acc, money, log),
        "ticket_purchases": tables.ticket_purchases(rng("dirt/purchases"), ctx, acc, money, log),
    }
    web_tbl, events = tables.web_events(
        rng("dirt/web"), ctx, acc, web, cookie_ids, truth.event_person_ids(web, person_ids), log
    )
    out["web_events"] = web_tbl
    tr: dict[str, Frame | pa.Table] = {
        "events": events,
        "accounts": truth.accounts_truth(
            acc, money, web, user_ids, cookie_ids, g.campaign_ids, g.campaign_channels
        ),
        "cookies": truth.cookies_truth(web, person_ids, cookie_ids),
        "dirty_rows": log.table(),
    }
    return ChunkResult(out, tr, _count_lines(out["ticket_purchases"]))


@dataclass
class ChunkOutput:
    """What a chunk left for the writing process: its rows per raw table, its CSV lines
    (CSV output; Parquet part files are already written), its truth parts as Arrow
    tables and its lines per game."""

    rows: dict[str, int]
    csv: dict[str, bytes]
    truth: dict[str, pa.Table]
    lines: dict[str, int]


def write_chunk(g: GlobalState, index: int, out: Path) -> ChunkOutput:
    """Generate chunk ``index``; write its raw tables' Parquet part files into ``out`` (or
    make their CSV lines) and its truth parts as Arrow tables for the truth files."""
    result = run_chunk(g, index)
    rows: dict[str, int] = {}
    csv: dict[str, bytes] = {}
    for name in CHUNK_TABLES:
        schema = RAW_TABLES[name].arrow_schema
        frame = result.tables[name]
        if g.config.format == "parquet":
            rows[name] = write_part(frame, name, schema, out, index)
        else:
            rows[name] = frame.num_rows
            csv[name] = csv_chunk(frame, schema)
    tr = {name: arrow_table(tbl, name, TRUTH_SCHEMAS[name]) for name, tbl in result.truth.items()}
    return ChunkOutput(rows, csv, tr, result.lines)


_WORKER_STATE: GlobalState | None = None


def _init_worker(config: GenerationConfig) -> None:
    global _WORKER_STATE
    pa.set_cpu_count(1)  # one process per core: no nested thread pools
    _keep_freed_memory()
    _WORKER_STATE = build_global(config)


def _keep_freed_memory() -> None:
    """Worker processes allocate and free the same large arrays chunk after chunk: keep
    freed memory in the process instead of returning it to the system and faulting it in
    again (a third of the workers' system time). Workers exit at the end of the run."""
    with contextlib.suppress(Exception):
        pa.set_memory_pool(pa.system_memory_pool())
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        libc.mallopt(m_mmap_threshold, 1 << 30)
        libc.mallopt(m_trim_threshold, (1 << 31) - 1)


def _worker_chunk(index: int, out: str) -> ChunkOutput:
    """Generate chunk ``index`` in a worker process, writing its part files into ``out``."""
    assert _WORKER_STATE is not None
    return write_chunk(_WORKER_STATE, index, Path(out))


def params_document(g: GlobalState) -> dict:
    """Every parameter used by the run (written to truth/params.json)."""
    cfg = g.config
    games = {}
    for path in g.paths:
        game = path.game
        games[game.slug] = {
            "name": game.name,
            "currency": game.currency,
            "noise_sigma": game.noise_sigma,
            "rounding": game.rounding,
            "eras": [
                {
                    "valid_from": e.valid_from.isoformat(),
                    "ticket_price": e.ticket_price,
                    "odds": e.odds,
                    "start_jackpot": e.start_jackpot,
                    "cap": e.cap,
                    "draw_times_local": {
                        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d]: f"{h:02d}:{m:02d}"
                        for d, (h, m) in sorted(e.draw_times.items())
                    },
                    "base_plays": e.base_plays,
                    "weekday_ratio": {
                        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d]: r
                        for d, r in sorted(e.weekday_ratio.items())
                    },
                    "J0": e.j0,
                    "k": e.k,
                    "contribution_per_play": e.contribution_per_play,
                }
                for e in game.eras
            ],
        }
    scalars = {
        k: v
        for k, v in vars(P).items()
        if k.isupper()
        and isinstance(v, int | float | str | tuple)
        and not k.startswith("_")
        and k
        not in {
            "HUMAN_AGENTS",
            "BOT_AGENTS",
            "FIRST_NAMES",
            "LAST_NAMES",
            "GAMES",
            "MARKETS",
            "CHANNELS",
            "CAMPAIGN_TEMPLATES",
        }
    }
    return {
        "generator": "lottery_analytics.generator",
        "seed": cfg.seed,
        "accounts": cfg.accounts,
        "start": cfg.start.isoformat(),
        "days": cfg.days,
        "end_exclusive": cfg.end.isoformat(),
        "format": cfg.format,
        "chunk_accounts": cfg.chunk_accounts,
        "dirt_rates": g.rates,
        "path_epoch": min(P.PATH_EPOCH, cfg.start - dt.timedelta(days=3 * 365)).isoformat(),
        "games": games,
        "markets": [dataclasses.asdict(m) for m in P.MARKETS],
        "channels": [dataclasses.asdict(c) for c in P.CHANNELS],
        "campaigns": [dataclasses.asdict(c) for c in g.plan.campaigns],
        "utm_pairs": [list(p) for p in P.UTM_PAIRS],
        "p_jackpot_chaser": g.plan.p_chaser,
        "constants": {k: (list(v) if isinstance(v, tuple) else v) for k, v in scalars.items()},
    }


def _count_lines(purchases: Frame) -> dict[str, int]:
    """A chunk's lines (ticket_count of positive orders) per game slug."""
    amount = materialize(purchases["amount"])
    game = materialize(purchases["game_id"])
    count = materialize(purchases["ticket_count"])
    assert isinstance(amount, Num) and isinstance(game, Dict) and isinstance(count, Num)
    ok = amount.values > 0
    if amount.null is not None:
        ok &= ~amount.null
    sums = np.bincount(game.idx[ok], weights=count.values[ok], minlength=len(game.values))
    out: dict[str, int] = {}
    for gid, n in zip(game.values.to_pylist(), sums.tolist(), strict=True):
        if n:
            slug = gid[:-11]
            out[slug] = out.get(slug, 0) + int(n)
    return out


def _seller_share(g: GlobalState, lines_by_game: dict[str, int]) -> dict:
    """The seller's share of national plays per game over the window (it is implied: the
    seller's players follow the same demand curve, their number is --accounts)."""
    lo = dt.datetime.combine(g.config.start, dt.time()).replace(tzinfo=dt.UTC).timestamp()
    hi = lo + g.config.days * 86400
    out = {}
    for path in g.paths:
        sel = (path.draw_at >= lo) & (path.draw_at < hi + P.GAMES_TAIL_DAYS * 86400)
        national = float(path.plays[sel].sum())
        lines = lines_by_game.get(path.game.slug, 0)
        out[path.game.slug] = {
            "seller_lines": lines,
            "national_plays": national,
            "share": lines / national if national else 0.0,
        }
    return out


ProgressFn = Callable[[int, int], None]


def generate(config: GenerationConfig, progress: ProgressFn | None = None) -> GenerationSummary:
    """Write the six raw tables and the truth folder; see docs/generator.md."""
    config.validate()
    t_start = time.perf_counter()
    out = Path(config.out)
    truth_dir = config.truth_path
    truth_inside = _is_inside(truth_dir, out)
    tmp_out = out.parent / f".{out.name}.tmp-{os.getpid()}"
    tmp_truth = (
        tmp_out / truth_dir.relative_to(out)
        if truth_inside
        else truth_dir.parent / f".{truth_dir.name}.tmp-{os.getpid()}"
    )
    for p in (tmp_out, tmp_truth):
        if p.exists():
            shutil.rmtree(p)
    tmp_out.mkdir(parents=True)
    tmp_truth.mkdir(parents=True, exist_ok=True)
    try:
        summary = _generate_into(config, tmp_out, tmp_truth, progress)
        if not truth_inside:
            _replace_dir(tmp_truth, truth_dir)
        _replace_dir(tmp_out, out)
    except BaseException:
        shutil.rmtree(tmp_out, ignore_errors=True)
        shutil.rmtree(tmp_truth, ignore_errors=True)
        raise
    summary.out = out
    summary.truth_dir = truth_dir
    summary.seconds = time.perf_counter() - t_start
    return summary


def _is_inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


def _replace_dir(src: Path, dst: Path) -> None:
    if dst.exists():
        old = dst.parent / f".{dst.name}.old-{os.getpid()}"
        dst.rename(old)
        src.rename(dst)
        shutil.rmtree(old, ignore_errors=True)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        src.rename(dst)


def _generate_into(
    config: GenerationConfig, out: Path, truth_dir: Path, progress: ProgressFn | None
) -> GenerationSummary:
    n = config.n_chunks
    workers = max(1, min(config.workers, n))
    parquet = config.format == "parquet"
    if parquet:
        write_dirs(out, TABLE_NAMES)
    with contextlib.ExitStack() as stack:
        pool: ProcessPoolExecutor | None = None
        pending: dict[int, Future[ChunkOutput]] = {}
        if workers > 1:
            # worker processes start (and rebuild the small global state) while this one
            # builds it too; they generate chunks and write their part files, this process
            # appends the truth (and CSV) in chunk order, one chunk in flight per worker
            # and one more
            ctx = multiprocessing.get_context("spawn")
            pool = stack.enter_context(
                ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=ctx,
                    initializer=_init_worker,
                    initargs=(config,),
                )
            )
            for i in range(min(n, workers + 1)):
                pending[i] = pool.submit(_worker_chunk, i, str(out))
        g = build_global(config)
        csv_files = (
            {}
            if parquet
            else {
                name: TableFile(out / f"{name}.csv", name, RAW_TABLES[name].arrow_schema, "csv")
                for name in TABLE_NAMES
            }
        )
        truth_files = {
            name: TableFile(truth_dir / f"{name}.parquet", name, schema, "parquet")
            for name, schema in TRUTH_SCHEMAS.items()
        }
        for f in (*csv_files.values(), *truth_files.values()):
            stack.callback(f.close)
        rows = dict.fromkeys(TABLE_NAMES, 0)
        globals_, global_dirt, draws = global_tables(g)
        for name, tbl in globals_.items():
            if parquet:
                rows[name] = write_part(tbl, name, RAW_TABLES[name].arrow_schema, out, 0)
            else:
                csv_files[name].write(tbl)
                rows[name] = tbl.num_rows
        truth_files["dirty_rows"].write(global_dirt)
        if progress:
            progress(0, n)

        lines_by_game: dict[str, int] = {}
        nxt = len(pending)
        for i in range(n):
            if pool is None:
                chunk = write_chunk(g, i, out)
            else:
                chunk = pending.pop(i).result()
                if nxt < n:
                    pending[nxt] = pool.submit(_worker_chunk, nxt, str(out))
                    nxt += 1
            for name, k in chunk.rows.items():
                rows[name] += k
            for name, lines in chunk.csv.items():
                csv_files[name].write_csv(lines, chunk.rows[name])
            for name, tbl in chunk.truth.items():
                truth_files[name].write(tbl)
            for slug, k in chunk.lines.items():
                lines_by_game[slug] = lines_by_game.get(slug, 0) + k
            if progress:
                progress(i + 1, n)
        pq.write_table(
            draws,
            truth_dir / "draws.parquet",
            compression="snappy",
            store_schema=False,
        )
    write_marketing_truth(g.plan, C.spend_rows(g.plan, config.seed), truth_dir)
    (truth_dir / "params.json").write_text(
        json.dumps(
            {**params_document(g), "seller_share": _seller_share(g, lines_by_game)},
            indent=2,
            sort_keys=True,
            default=str,
        )
        + "\n"
    )
    tstats = {
        name: TableStats(f.rows, table_bytes(truth_dir / f"{name}.parquet"))
        for name, f in truth_files.items()
    }
    tstats["draws"] = TableStats(len(g.draws), (truth_dir / "draws.parquet").stat().st_size)
    ext = "" if parquet else ".csv"
    return GenerationSummary(
        out=out,
        truth_dir=truth_dir,
        format=config.format,
        tables={
            name: TableStats(rows[name], table_bytes(out / f"{name}{ext}")) for name in TABLE_NAMES
        },
        truth=tstats,
        seconds=0.0,
        chunks=config.n_chunks,
        workers=config.workers,
    )
