{#- Var `ltv_model` (pareto_nbd or bg_nbd) picks the model whose P(alive) and expected
    occasions are used; both are in int_ltv_predictions. Gamma-Gamma's conditional
    expected value per occasion (Fader, Hardie & Lee 2005, "RFM and CLV"):
    (p * (gamma + x * m)) / (p * x + q - 1), m the mean repeat-occasion value; for x = 0
    it is the population mean p * gamma / (q - 1). -#}
{%- set chosen = var('ltv_model') -%}

with

summary as (
    select
        user_id,
        frequency,
        recency_days,
        age_days,
        repeat_occasion_value
    from {{ ref('int_ltv_summary') }}
),

predictions as (
    select
        frequency,
        recency_days,
        age_days,
        p_alive_{{ chosen }} as p_alive,
        expected_purchases_{{ chosen }} as expected_purchases_12m
    from {{ ref('int_ltv_predictions') }}
),

fit as (
    select
        gamma_gamma_p,
        gamma_gamma_q,
        gamma_gamma_gamma
    from {{ ref('int_ltv_fit') }}
),

expected_values as (
    select
        summary.user_id,
        predictions.p_alive,
        predictions.expected_purchases_12m,
        (
            fit.gamma_gamma_p
            * (fit.gamma_gamma_gamma + summary.frequency * summary.repeat_occasion_value)
        ) / (fit.gamma_gamma_p * summary.frequency + fit.gamma_gamma_q - 1)
            as expected_value_per_purchase
    from summary
    inner join predictions
        on
            summary.frequency = predictions.frequency
            and summary.recency_days = predictions.recency_days
            and summary.age_days = predictions.age_days
    cross join fit
),

final as (
    select
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(p_alive as {{ type_double() }}) as p_alive,
        cast(expected_purchases_12m as {{ type_double() }}) as expected_purchases_12m,
        cast(expected_value_per_purchase as {{ type_double() }}) as expected_value_per_purchase,
        cast(expected_purchases_12m * expected_value_per_purchase as {{ money_type() }})
            as predicted_ltv_12m
    from expected_values
)

select * from final
