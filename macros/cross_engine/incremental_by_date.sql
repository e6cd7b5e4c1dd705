{#
    Configuration of an incremental model that is rebuilt one whole date partition at a
    time: the run recomputes every date that new rows touch and replaces exactly those
    dates, so re-delivered or late rows can neither duplicate nor lose a row.
      DuckDB, PostgreSQL: delete+insert keyed on the date column.
      PostgreSQL also gets a b-tree index on `_loaded_at` (made when the table is built in
      full): the incremental run's watermark (`max(_loaded_at)`) is then one index probe,
      not a scan of the whole table, and a model reading this one's newly loaded rows
      (int_web_events_validated on stg_web_events) finds them by the index.
      Spark (parquet, no merge): insert_overwrite of the date partitions (dynamic).
#}
{% macro incremental_by_date_config(date_column) -%}
    {{ return(adapter.dispatch('incremental_by_date_config', 'lottery_analytics')(date_column)) }}
{%- endmacro %}

{% macro default__incremental_by_date_config(date_column) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': date_column,
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{% macro postgres__incremental_by_date_config(date_column) -%}
    {%- set config = lottery_analytics.default__incremental_by_date_config(date_column) -%}
    {%- do config.update({'indexes': [{'columns': ['_loaded_at']}]}) -%}
    {{ return(config) }}
{%- endmacro %}

{% macro spark__incremental_by_date_config(date_column) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'insert_overwrite',
        'partition_by': [date_column],
        'file_format': 'parquet',
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}
