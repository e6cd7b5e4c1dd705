{#
    One text value that shows a raw row, e.g. `user_id=u1 | amount=-5.00 | currency=null`,
    for the rejects model. Columns are given as a list of (label, expression) pairs or plain
    column names; PII must be passed already hashed.
#}
{% macro describe_raw_values(columns) -%}
    concat_ws(
        ' | '
        {%- for label, expr in raw_value_pairs(columns) %},
        '{{ label }}=' || coalesce(cast({{ expr }} as {{ dbt.type_string() }}), 'null')
        {%- endfor %}
    )
{%- endmacro %}

{#- The columns of describe_raw_values as (label, expression) pairs: a plain column name is
    its own label. -#}
{% macro raw_value_pairs(columns) -%}
    {%- set pairs = [] -%}
    {%- for column in columns -%}
        {%- do pairs.append((column, column) if column is string else (column[0], column[1])) -%}
    {%- endfor -%}
    {{ return(pairs) }}
{%- endmacro %}

{#
    The base models describe only the rows they reject: the full text of every row was the
    largest column of the staging tables (a unique ~350-character string per web event) and
    most of their write time. `raw_copies(columns)` goes in the CTE that reads the raw rows
    and keeps each raw value as `raw__<label>`; `describe_rejected_row(columns)` goes in the
    final select list, after `reject_reason` exists, and describes those copies for rejected
    rows (null otherwise). Both take the list describe_raw_values takes.
#}
{% macro raw_copies(columns) -%}
    {%- for label, expr in raw_value_pairs(columns) %}
        {{ expr }} as raw__{{ label }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro describe_rejected_row(columns) -%}
    {%- set copies = [] -%}
    {%- for label, _ in raw_value_pairs(columns) -%}
        {%- do copies.append((label, 'raw__' ~ label)) -%}
    {%- endfor -%}
    case when reject_reason is not null then {{ describe_raw_values(copies) }} end
{%- endmacro %}
