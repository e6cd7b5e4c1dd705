{#
    Configuration of an incremental model that is rebuilt one whole date partition at a
    time: the run recomputes every date that new rows touch and replaces exactly those
    dates, so re-delivered or late rows can neither duplicate nor lose a row.
      DuckDB, PostgreSQL: delete+insert keyed on the date column.
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

{% macro spark__incremental_by_date_config(date_column) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'insert_overwrite',
        'partition_by': [date_column],
        'file_format': 'parquet',
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}
