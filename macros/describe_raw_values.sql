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
