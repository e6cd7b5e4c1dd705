{#-
    The last statement of a mart: every column of the model's YAML contract, in YAML order,
    cast to its declared `data_type` (engine_data_type's name for the engine):

        select
            cast(user_id as varchar) as user_id,
            ...
        from final

    so a mart's types are written once, in its YAML. Casts that compute something (rounding
    a quotient to the cent, a double to avoid integer division) stay in the model's SQL; a
    cast to the declared type applied here again changes nothing.

    dbt builds a unit test's node without the model's YAML columns, so in a unit test (and
    while parsing, when the columns are not read yet) this renders `select * from <cte>`.
    A column whose value a unit test would see differently without the cast keeps its cast
    in the SQL: on PostgreSQL, money coalesced with 0 has no scale (0, not 0.00).
-#}
{% macro contract_select(cte) -%}
    {%- set columns = model.get('columns') or {} -%}
    {%- if columns | length == 0 -%}
        {%- if execute and model.get('resource_type') == 'model' -%}
            {{ exceptions.raise_compiler_error(
                "contract_select: model " ~ model.get('name') ~ " has no columns in its YAML; "
                ~ "declare each column with its data_type"
            ) }}
        {%- endif -%}
select * from {{ cte }}
    {%- else -%}
select
        {%- for name, column in columns.items() %}
            {%- if not column.get('data_type') %}
                {{- exceptions.raise_compiler_error(
                    "contract_select: column " ~ name ~ " of model " ~ model.get('name')
                    ~ " has no data_type in its YAML"
                ) }}
            {%- endif %}
    cast({{ name }} as {{ lottery_analytics.engine_data_type(column['data_type']) }}) as {{ name }}
            {{- "," if not loop.last }}
        {%- endfor %}
from {{ cte }}
    {%- endif -%}
{%- endmacro %}
