{#- The seven attribution models, in the order the marts list them: five rule-based, then the
    two data-driven ones (markov, shapley; weights from int_attribution_model_weights). -#}
{% macro attribution_model_names() -%}
    {{ return(['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based', 'markov', 'shapley']) }}
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
    and credited_value (credit x conversion_value).
    credited_value is a decimal with 6 places: the credit (a double) is taken to 12 places,
    the product to 6 (what Spark keeps of such a product anyway). Sums of decimals are exact,
    so a campaign's revenue rounds to the same cent whatever order the engine adds the rows
    in; summed as doubles, revenue that lands on half a cent (a credit of 0.5 on 10.01)
    rounded up in one run and down in the next.
-#}
{% macro attribution_credit_rows(relation) -%}
    {%- for model_name in lottery_analytics.attribution_model_names() %}
        select
            conversion_id,
            campaign_id,
            '{{ model_name }}' as attribution_model,
            credit_{{ model_name }} as credit,
            cast(
                cast(credit_{{ model_name }} as decimal(38, 12)) * conversion_value as decimal(38, 6)
            ) as credited_value
        from {{ relation }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}
