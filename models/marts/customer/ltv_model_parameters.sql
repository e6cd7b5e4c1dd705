with

fit as (
    select * from {{ ref('int_ltv_fit') }}
),

final as (
    select
        -- The fit step writes its dates as text: parsed here.
        cast(as_of_date as date) as as_of_date,
        cast(calibration_start as date) as calibration_start,
        cast(as_of_date as date) as calibration_end,
        time_unit,
        '{{ var("ltv_model") }}' as model_in_use,
        accounts_fitted,
        repeat_customers,
        bg_nbd_r,
        bg_nbd_alpha,
        bg_nbd_a,
        bg_nbd_b,
        bg_nbd_log_likelihood,
        pareto_nbd_r,
        pareto_nbd_alpha,
        pareto_nbd_s,
        pareto_nbd_beta,
        pareto_nbd_log_likelihood,
        gamma_gamma_p,
        gamma_gamma_q,
        gamma_gamma_gamma,
        gamma_gamma_log_likelihood,
        gamma_gamma_customers,
        monetary_frequency_correlation
    from fit
)

{{ contract_select('final') }}
