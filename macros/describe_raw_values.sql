{#
    One text value that shows a raw row, e.g. `user_id=u1 | amount=-5.00 | currency=null`,
    for the rejects model. Columns are given as a list of (label, expression) pairs or plain
    column names; PII must be passed already hashed.
#}
{% macro describe_raw_values(columns) -%}
    concat_ws(
        ' | '
        {%- for column in columns %}
            {%- if column is string %}
                {%- set label, expr = column, column %}
            {%- else %}
                {%- set label, expr = column[0], column[1] %}
            {%- endif %},
        '{{ label }}=' || coalesce(cast({{ expr }} as {{ dbt.type_string() }}), 'null')
        {%- endfor %}
    )
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
    {%- for column in columns %}
        {%- if column is string %}
            {%- set label, expr = column, column %}
        {%- else %}
            {%- set label, expr = column[0], column[1] %}
        {%- endif %}
        {{ expr }} as raw__{{ label }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro describe_rejected_row(columns) -%}
    {%- set copies = [] -%}
    {%- for column in columns %}
        {%- set label = column if column is string else column[0] %}
        {%- do copies.append((label, 'raw__' ~ label)) %}
    {%- endfor -%}
    case when reject_reason is not null then {{ describe_raw_values(copies) }} end
{%- endmacro %}
