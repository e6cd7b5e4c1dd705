{#
    Data types are written once, with DuckDB's names, in the models' contracts (YAML
    `data_type`) and the seeds' `column_types`: varchar, double, decimal(p, s), bigint,
    integer, boolean, date, timestamp. engine_data_type gives the engine's name for one:
      PostgreSQL: double -> double precision.
      Spark: varchar, varchar(n) -> string (Spark's varchar needs a length and enforces it).
    It is applied where dbt reads those names, by the overrides in macros/overrides/: the
    contract check (get_empty_schema_sql), the PostgreSQL contract DDL
    (get_table_columns_and_constraints), Spark seeds (spark_seeds.sql) and safe_cast.
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
