{#
    Date arithmetic: models call dbt.dateadd / dbt.datediff, which dbt dispatches per engine.
    dbt-duckdb and dbt-postgres keep microseconds; dbt-spark's spark__dateadd goes through
    to_unix_timestamp and drops the fraction of a second (a 30-day attribution window would
    start up to a second late). This spark__dateadd, defined in the root project, replaces
    it: it adds intervals to a timestamp, keeping microseconds, and returns a timestamp like
    the other engines do (also for a date). Month, quarter and year steps clamp to the last
    day of a shorter month (2008-02-29 + 18 years = 2026-02-28), as on DuckDB and PostgreSQL.
#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- set start = 'cast(' ~ from_date_or_timestamp ~ ' as timestamp)' -%}
    {%- set seconds = {'day': 86400, 'week': 604800, 'hour': 3600, 'minute': 60, 'second': 1} -%}
    {%- set months = {'month': 1, 'quarter': 3, 'year': 12} -%}
    {%- if datepart in ['day', 'week'] -%}
        ({{ start }} + make_dt_interval(cast(({{ interval }}) * {{ 7 if datepart == 'week' else 1 }} as int), 0, 0, 0))
    {%- elif datepart in ['hour', 'minute', 'second'] -%}
        ({{ start }} + make_dt_interval(0, 0, 0, cast(({{ interval }}) * {{ seconds[datepart] }} as decimal(18, 6))))
    {%- elif datepart in months -%}
        ({{ start }} + make_ym_interval(0, cast(({{ interval }}) * {{ months[datepart] }} as int)))
    {%- elif datepart == 'millisecond' -%}
        timestamp_micros(unix_micros({{ start }}) + cast(({{ interval }}) * 1000 as bigint))
    {%- elif datepart == 'microsecond' -%}
        timestamp_micros(unix_micros({{ start }}) + cast({{ interval }} as bigint))
    {%- else -%}
        {{ exceptions.raise_compiler_error("dateadd: unsupported datepart '" ~ datepart ~ "' on Spark") }}
    {%- endif -%}
{%- endmacro %}
