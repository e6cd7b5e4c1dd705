{#
    Configuration of an incremental model that is rebuilt one whole date partition at a
    time: the run recomputes every date that new rows touch and replaces exactly those
    dates, so re-delivered or late rows can neither duplicate nor lose a row.
      DuckDB, PostgreSQL: delete+insert keyed on the date column.
      PostgreSQL also gets a b-tree index on each of `indexed_columns` (default
      `_loaded_at`; made when the table is built in full): the incremental run's watermark
      (`max(_loaded_at)`) is then one index probe, not a scan of the whole table, and a
      model reading this one's newly loaded or rebuilt rows (int_web_events_validated on
      stg_web_events, int_sessions on int_web_events_identified's `_rebuilt_at`) finds
      them by the index.
      Spark (parquet, no merge): insert_overwrite of the date partitions (dynamic).
#}
{% macro incremental_by_date_config(date_column, indexed_columns=['_loaded_at']) -%}
    {{ return(adapter.dispatch('incremental_by_date_config', 'lottery_analytics')(date_column, indexed_columns)) }}
{%- endmacro %}

{% macro default__incremental_by_date_config(date_column, indexed_columns=['_loaded_at']) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': date_column,
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{% macro postgres__incremental_by_date_config(date_column, indexed_columns=['_loaded_at']) -%}
    {%- set config = lottery_analytics.default__incremental_by_date_config(date_column) -%}
    {%- set indexes = [] -%}
    {%- for column in indexed_columns -%}
        {%- do indexes.append({'columns': [column]}) -%}
    {%- endfor -%}
    {%- do config.update({'indexes': indexes}) -%}
    {{ return(config) }}
{%- endmacro %}

{% macro spark__incremental_by_date_config(date_column, indexed_columns=['_loaded_at']) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'insert_overwrite',
        'partition_by': [date_column],
        'file_format': 'parquet',
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{#
    The start of this dbt invocation as a timestamp literal (microseconds), the same in every
    model of the run: an incremental model stamps the rows it writes with it (`_rebuilt_at`),
    so a model downstream rebuilds exactly the dates whose rows carry a stamp newer than its
    own newest.
#}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}

{#
    The CTE `changed_dates` of a model downstream of a `_rebuilt_at`-stamped one: every
    `date_column` value of `relation` (a CTE) whose rows were rebuilt after this model's
    newest stamp (all dates while this model holds no row).
#}
{% macro rebuilt_dates(relation, date_column) -%}
    previous_build as (
        select coalesce(max(_rebuilt_at), cast('1900-01-01 00:00:00' as timestamp)) as rebuilt_at
        from {{ this }}
    ),

    changed_dates as (
        select distinct {{ relation }}.{{ date_column }} as changed_date
        from {{ relation }}
        inner join previous_build
            on {{ relation }}._rebuilt_at > previous_build.rebuilt_at
    ),
{%- endmacro %}

{#
    `select cast(<date_column> + offset days as date) as <alias> from <relation>` for every
    offset from `first` to `last` (inclusive), as one union: the dates around each changed date.
#}
{% macro shifted_dates(relation, date_column, first, last, alias) -%}
    {%- for offset in range(first, last + 1) %}
    select cast({{ dbt.dateadd('day', offset, relation ~ '.' ~ date_column) }} as date) as {{ alias }}
    from {{ relation }}
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
