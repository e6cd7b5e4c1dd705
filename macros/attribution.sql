{#- The five attribution models, in the order the marts list them. -#}
{% macro attribution_model_names() -%}
    {{ return(['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based']) }}
{%- endmacro %}

{#- The body of a CTE with one row per attribution model (column `attribution_model`). -#}
{% macro attribution_model_rows() -%}
    {%- for model_name in lottery_analytics.attribution_model_names() %}
        select '{{ model_name }}' as attribution_model
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#-
    The body of a CTE that unpivots attribution_touches (the CTE `relation`): one row per
    touch per attribution model, with conversion_id, campaign_id, attribution_model, credit
    and credited_value (credit x conversion_value, a double).
-#}
{% macro attribution_credit_rows(relation) -%}
    {%- for model_name in lottery_analytics.attribution_model_names() %}
        select
            conversion_id,
            campaign_id,
            '{{ model_name }}' as attribution_model,
            credit_{{ model_name }} as credit,
            credit_{{ model_name }} * cast(conversion_value as {{ type_double() }}) as credited_value
        from {{ relation }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}
