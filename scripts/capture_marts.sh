#!/usr/bin/env bash
# Build the lottery-analytics warehouse of one project tree on every engine and dataset,
# and snapshot its public marts (snapshot_marts.py) for a before/after comparison.
#
#   capture_marts.sh TREE OUTDIR
#
# For each engine (duckdb, postgres, spark, in that order) and dataset:
#   sample  lottery-analytics build --target T                 (seeds the bundled sample)
#   y100k   lottery-analytics load DATA --target T ; lottery-analytics build --target T --no-sample
# then   snapshot_marts.py snapshot --target T --out OUTDIR/<engine>/<dataset>
# with PYTHONPATH=TREE/src and cwd TREE (the CLI finds the dbt project there).
#
# DATA is generated once (TREE's generator):
#   generate --accounts 100000 --start 2025-01-01 --days 365 --seed 1 --out DATA
# DATA defaults to OUTDIR/data100k; set CAPTURE_DATA to an existing directory to reuse it
# (it is generated there only when the directory is missing or empty).
#
# Warehouses are separate per engine and dataset, under OUTDIR/_warehouses (each is
# removed and rebuilt from scratch): DuckDB files <dataset>.duckdb, Spark dirs
# spark_<dataset>, and on PostgreSQL one database per dataset (capture_<dataset>) on a
# throw-away server this script starts with TREE/scripts/postgres_server.sh and stops at
# the end. Each step's wall time is appended to OUTDIR/timings.txt; each step's output is
# in OUTDIR/logs/. dbt's own log goes to TREE/target/logs.
#
# Optional: CAPTURE_ENGINES="duckdb postgres spark", CAPTURE_DATASETS="sample y100k".
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 TREE OUTDIR" >&2
    exit 2
fi
TREE=$(realpath "$1")
OUT=$(realpath -m "$2")
TOOLS=$(dirname "$(realpath "$0")")
SNAPSHOT="$TOOLS/snapshot_marts.py"
DATA=$(realpath -m "${CAPTURE_DATA:-$OUT/data100k}")
ENGINES=${CAPTURE_ENGINES:-duckdb postgres spark}
DATASETS=${CAPTURE_DATASETS:-sample y100k}
WH="$OUT/_warehouses"
LOGS="$OUT/logs"
TIMINGS="$OUT/timings.txt"

mkdir -p "$OUT" "$WH" "$LOGS"
cd "$TREE"
export PYTHONPATH="$TREE/src"
export PYTHONDONTWRITEBYTECODE=1            # write nothing into TREE outside target/
export DBT_LOG_PATH="$TREE/target/logs"
export SPARK_LOCAL_IP=127.0.0.1
PY=${PYTHON:-python3}
CLI=("$PY" -m lottery_analytics.cli)

where=$("$PY" -c 'import lottery_analytics; print(lottery_analytics.__file__)')
if [[ $where != "$TREE/src/"* ]]; then
    echo "lottery_analytics imports from $where, not from $TREE/src" >&2
    exit 1
fi
echo "# capture $(date -u +%FT%TZ) tree=$TREE commit=$(git -C "$TREE" rev-parse --short HEAD 2>/dev/null || echo '?') data=$DATA" >>"$TIMINGS"

# step NAME CMD...: run CMD, log its output to LOGS/NAME.log, append its wall time
step() {
    local name=$1
    shift
    local start end rc=0
    echo "[$(date -u +%T)] $name: $*"
    start=$(date +%s.%N)
    "$@" >"$LOGS/$name.log" 2>&1 || rc=$?
    end=$(date +%s.%N)
    printf '%-34s %9.1f s  rc=%d\n' "$name" "$(echo "$end - $start" | bc)" "$rc" | tee -a "$TIMINGS"
    if [[ $rc -ne 0 ]]; then
        echo "step $name failed (rc=$rc); last lines of $LOGS/$name.log:" >&2
        tail -n 30 "$LOGS/$name.log" >&2
        exit "$rc"
    fi
}

if [[ " $DATASETS " == *" y100k "* ]]; then
    if [[ -d $DATA && -n $(ls -A "$DATA" 2>/dev/null) ]]; then
        echo "using existing data in $DATA"
        echo "generate                           (reused $DATA)" >>"$TIMINGS"
    else
        step generate_y100k "${CLI[@]}" generate --accounts 100000 --start 2025-01-01 \
            --days 365 --seed 1 --out "$DATA"
    fi
fi

PG_STARTED=""
stop_pg() {
    if [[ -n $PG_STARTED ]]; then
        bash "$TREE/scripts/postgres_server.sh" stop "$PG_STARTED" >/dev/null 2>&1 || true
        echo "stopped PostgreSQL at $PG_STARTED"
        PG_STARTED=""
    fi
}
trap stop_pg EXIT

pg_admin() { # SQL on the server's maintenance database
    PGPASSWORD=$LOTTERY_PG_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h "$LOTTERY_PG_HOST" \
        -p "$LOTTERY_PG_PORT" -U "$LOTTERY_PG_USER" -d postgres -c "$1"
}

for engine in $ENGINES; do
    if [[ $engine == postgres ]]; then
        eval "$(bash "$TREE/scripts/postgres_server.sh" start)"
        PG_STARTED=$LOTTERY_PG_DIR
        echo "PostgreSQL at $LOTTERY_PG_HOST:$LOTTERY_PG_PORT ($LOTTERY_PG_DIR)"
    fi
    for dataset in $DATASETS; do
        tag="${engine}_${dataset}"
        case $engine in
            duckdb)
                export LOTTERY_DUCKDB_PATH="$WH/$dataset.duckdb"
                rm -f "$LOTTERY_DUCKDB_PATH" "$LOTTERY_DUCKDB_PATH.wal"
                ;;
            postgres)
                export LOTTERY_PG_DATABASE="capture_$dataset"
                pg_admin "drop database if exists $LOTTERY_PG_DATABASE"
                pg_admin "create database $LOTTERY_PG_DATABASE"
                ;;
            spark)
                export LOTTERY_SPARK_DIR="$WH/spark_$dataset"
                rm -rf "$LOTTERY_SPARK_DIR"
                mkdir -p "$LOTTERY_SPARK_DIR"
                ;;
            *)
                echo "unknown engine $engine" >&2
                exit 2
                ;;
        esac
        case $dataset in
            sample)
                step "${tag}_build" "${CLI[@]}" build --target "$engine"
                ;;
            y100k)
                step "${tag}_load" "${CLI[@]}" load "$DATA" --target "$engine"
                step "${tag}_build" "${CLI[@]}" build --target "$engine" --no-sample
                ;;
            *)
                echo "unknown dataset $dataset" >&2
                exit 2
                ;;
        esac
        rm -rf "${OUT:?}/$engine/$dataset"
        step "${tag}_snapshot" "$PY" "$SNAPSHOT" snapshot --target "$engine" \
            --out "$OUT/$engine/$dataset"
        cp "$TREE/target/manifest.json" "$OUT/$engine/$dataset/_manifest.json"
    done
    if [[ $engine == postgres ]]; then
        stop_pg
    fi
done
echo "done: $OUT"
