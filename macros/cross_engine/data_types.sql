{#
    Data types are written once, with DuckDB's names, in the models' contracts (YAML
    `data_type`) and the seeds' `column_types`: varchar, double, decimal(p, s), bigint,
    integer, boolean, date, timestamp. engine_data_type gives the engine's name for one:
      PostgreSQL: double -> double precision.
      Spark: varchar, varchar(n) -> string (Spark's varchar needs a length and enforces it).
    It is applied where dbt reads those names: the contract check (get_empty_schema_sql), the
    PostgreSQL contract DDL (get_table_columns_and_constraints), Spark seeds
    (spark_seeds.sql) and safe_cast.
#}
{% macro engine_data_type(data_type) -%}
    {{ return(adapter.dispatch('engine_data_type', 'lottery_analytics')(data_type)) }}
{%- endmacro %}

{% macro default__engine_data_type(data_type) -%}
    {{ return(data_type) }}
{%- endmacro %}

{% macro postgres__engine_data_type(data_type) -%}
    {%- if data_type is string and modules.re.fullmatch('(?i) *double *', data_type) -%}
        {{ return('double precision') }}
    {%- endif -%}
    {{ return(data_type) }}
{%- endmacro %}

{% macro spark__engine_data_type(data_type) -%}
    {%- if data_type is string and modules.re.fullmatch('(?i) *varchar *([(] *[0-9]+ *[)])? *', data_type) -%}
        {{ return('string') }}
    {%- endif -%}
    {{ return(data_type) }}
{%- endmacro %}

{#- A copy of a model's `columns` (name -> column dict) with engine data types. -#}
{% macro engine_columns(columns) -%}
    {%- set translated = {} -%}
    {%- for name, column in columns.items() -%}
        {%- set copy = dict(column) -%}
        {%- if copy.get('data_type') -%}
            {%- do copy.update({'data_type': lottery_analytics.engine_data_type(copy['data_type'])}) -%}
        {%- endif -%}
        {%- do translated.update({name: copy}) -%}
    {%- endfor -%}
    {{ return(translated) }}
{%- endmacro %}

{#- dbt's contract check casts null to each YAML data type; these read the engine's names. -#}
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
