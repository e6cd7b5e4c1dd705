{#
    Model contracts are written with DuckDB's type names (macros/cross_engine/data_types.sql).
    dbt reads them in two places that these replace on PostgreSQL and Spark, translating
    each name with engine_data_type first: the contract check (get_empty_schema_sql casts
    null to each YAML type and compares the result with the model's columns) and, on
    PostgreSQL, the DDL of a contracted table (get_table_columns_and_constraints). The rest
    is dbt's: the translated columns go through dbt's default implementations.
#}
{% macro postgres__get_empty_schema_sql(columns) -%}
    {{ return(dbt.default__get_empty_schema_sql(lottery_analytics.engine_columns(columns))) }}
{%- endmacro %}

{% macro spark__get_empty_schema_sql(columns) -%}
    {{ return(dbt.default__get_empty_schema_sql(lottery_analytics.engine_columns(columns))) }}
{%- endmacro %}

{#- PostgreSQL creates a contracted table from the YAML columns before inserting into it. -#}
{% macro postgres__get_table_columns_and_constraints() -%}
    {%- set raw_column_constraints = adapter.render_raw_columns_constraints(
        raw_columns=lottery_analytics.engine_columns(model['columns'])
    ) -%}
    {%- set raw_model_constraints = adapter.render_raw_model_constraints(
        raw_constraints=model['constraints']
    ) -%}
    (
    {% for c in raw_column_constraints -%}
        {{ c }}{{ "," if not loop.last or raw_model_constraints }}
    {% endfor %}
    {% for c in raw_model_constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}
