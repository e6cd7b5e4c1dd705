{#
    The `in_scope` CTE of an incremental staging model (by load date `loaded_date`): on an
    incremental run, the raw rows of the load dates to rebuild (incremental_dates_to_rebuild
    on `relation`) and every other delivery of their keys, wherever loaded, so that the newest
    copy still wins in `deduplicate`; rows without a key only from the rebuilt dates. On a
    full refresh, every raw row. `relation` is the model's raw import CTE; the model's final
    CTE keeps only the rows of `dates_to_rebuild` on an incremental run.
#}
{% macro deliveries_in_scope(relation, key_column) -%}
    {% if is_incremental() %}
        {{ incremental_dates_to_rebuild(relation, key_column, 'loaded_date', 'cast(' ~ relation ~ '._loaded_at as date)') }}

        rebuilt_deliveries as (
            select *
            from {{ relation }}
            where cast(_loaded_at as date) in (select dates_to_rebuild.loaded_date from dates_to_rebuild)
        ),

        in_scope as (
            -- every delivery of those keys, wherever it was loaded, competes for newest
            select *
            from {{ relation }}
            where {{ key_column }} in (select rebuilt_deliveries.{{ key_column }} from rebuilt_deliveries)
            union all
            select *
            from rebuilt_deliveries
            where {{ key_column }} is null
        ),
    {% else %}
        in_scope as (
            select * from {{ relation }}
        ),
    {% endif %}
{%- endmacro %}

{#- The final filter of an incremental staging model: only the load dates it rebuilds. -#}
{% macro where_loaded_date_rebuilt() -%}
    {% if is_incremental() %}
        where cast(_loaded_at as date) in (select dates_to_rebuild.loaded_date from dates_to_rebuild)
    {% endif %}
{%- endmacro %}
