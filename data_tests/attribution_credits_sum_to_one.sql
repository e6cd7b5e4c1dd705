-- Under every attribution model, the credits of one conversion's touches sum to 1, to
-- floating-point precision (absolute difference below 1e-9). Fails on (returns) every
-- conversion and model where they do not.
{%- set attribution_models = attribution_model_names() %}

with

attribution_touches as (
    select * from {{ ref('attribution_touches') }}
),

credit_sums as (
    select
        conversion_id,
        {%- for model_name in attribution_models %}
            sum(credit_{{ model_name }}) as {{ model_name }}_credit_sum{% if not loop.last %},{% endif %}
        {%- endfor %}
    from attribution_touches
    group by conversion_id
),

sums_by_model as (
    {%- for model_name in attribution_models %}
        select
            conversion_id,
            '{{ model_name }}' as attribution_model,
            {{ model_name }}_credit_sum as credit_sum
        from credit_sums
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

failures as (
    select
        conversion_id,
        attribution_model,
        credit_sum
    from sums_by_model
    where credit_sum is null or abs(credit_sum - 1) >= 0.000000001
)

select * from failures
