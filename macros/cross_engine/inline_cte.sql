{#
    `name as {{ inline_cte() }} (...)`: a CTE that the engine should inline at each
    reference rather than compute once and scan as a stored result.
      PostgreSQL: `not materialized`. PostgreSQL 12+ stores a CTE referenced more than once
      (a tuplestore, scanned without parallel workers, spilled to disk past work_mem); an
      import CTE of a multi-million-row table read by several CTEs of an incremental run
      was then copied whole, although each reference reads a few rows through its filter.
      Inlined, each reference is a scan of the table with its own filter (and index).
      DuckDB: `not materialized` too. DuckDB materialises a CTE referenced more than once:
      with duckdb__deduplicate's three references, stg_web_events copied the whole raw
      table (28.6 M rows at 1 M accounts) into a materialised CTE under the memory limit
      (EXPLAIN: `CTE Name: source`; gone with `not materialized`).
      Spark: nothing (Spark always inlines).
#}
{% macro inline_cte() -%}
    {{ return(adapter.dispatch('inline_cte', 'lottery_analytics')()) }}
{%- endmacro %}

{% macro default__inline_cte() -%}
{%- endmacro %}

{% macro postgres__inline_cte() -%}
    not materialized
{%- endmacro %}

{% macro duckdb__inline_cte() -%}
    not materialized
{%- endmacro %}
