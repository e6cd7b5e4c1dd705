{#- PostgreSQL and Spark: the row the Python step wrote (see int_ltv_fit.py, which DuckDB
    runs instead). -#}
-- depends_on: {{ ref('int_ltv_summary') }}

with

fit as (
    select * from {{ python_step_output() }}
),

final as (
    select
        cast(as_of_date as {{ dbt.type_string() }}) as as_of_date,
        cast(calibration_start as {{ dbt.type_string() }}) as calibration_start,
        cast(time_unit as {{ dbt.type_string() }}) as time_unit,
        cast(accounts_fitted as bigint) as accounts_fitted,
        cast(repeat_customers as bigint) as repeat_customers,
        cast(bg_nbd_r as {{ type_double() }}) as bg_nbd_r,
        cast(bg_nbd_alpha as {{ type_double() }}) as bg_nbd_alpha,
        cast(bg_nbd_a as {{ type_double() }}) as bg_nbd_a,
        cast(bg_nbd_b as {{ type_double() }}) as bg_nbd_b,
        cast(bg_nbd_log_likelihood as {{ type_double() }}) as bg_nbd_log_likelihood,
        cast(pareto_nbd_r as {{ type_double() }}) as pareto_nbd_r,
        cast(pareto_nbd_alpha as {{ type_double() }}) as pareto_nbd_alpha,
        cast(pareto_nbd_s as {{ type_double() }}) as pareto_nbd_s,
        cast(pareto_nbd_beta as {{ type_double() }}) as pareto_nbd_beta,
        cast(pareto_nbd_log_likelihood as {{ type_double() }}) as pareto_nbd_log_likelihood,
        cast(gamma_gamma_p as {{ type_double() }}) as gamma_gamma_p,
        cast(gamma_gamma_q as {{ type_double() }}) as gamma_gamma_q,
        cast(gamma_gamma_gamma as {{ type_double() }}) as gamma_gamma_gamma,
        cast(gamma_gamma_log_likelihood as {{ type_double() }}) as gamma_gamma_log_likelihood,
        cast(gamma_gamma_customers as bigint) as gamma_gamma_customers,
        cast(monetary_frequency_correlation as {{ type_double() }}) as monetary_frequency_correlation
    from fit
)

select * from final
