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
    Staging keeps the raw text of the columns it cleans as `raw__<label>` (`raw_copies(labels)`
    in the CTE that reads the raw rows), so that a validated model can describe a row it
    rejects the way it was delivered; a column staging leaves as delivered needs no copy.
    `describe_rejected_row(columns)` goes in a validated model's final select list, after
    `reject_reason` exists, and describes the given columns (describe_raw_values' list, e.g.
    `('event_at', 'raw__event_at')`) for rejected rows, null otherwise: the full text of every
    row was the largest column of the staging tables (a unique ~350-character string per web
    event) and most of their write time.
#}
{% macro raw_copies(labels) -%}
    {%- for label in labels %}
        {{ label }} as raw__{{ label }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro describe_rejected_row(columns) -%}
    case when reject_reason is not null then {{ describe_raw_values(columns) }} end
{%- endmacro %}
