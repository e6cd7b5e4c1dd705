{#- A validated model's `reject_stage` for its `reject_reason`: 'integrity' for the reasons
    listed (rules that need another table), 'staging' for any other reason, null for a
    usable row. -#}
{% macro reject_stage(reason, integrity_reasons=[]) -%}
    case
        {%- if integrity_reasons %}
        when {{ reason }} in ({{ quoted_list(integrity_reasons) }}) then 'integrity'
        {%- endif %}
        when {{ reason }} is not null then 'staging'
    end
{%- endmacro %}
