{#- PostgreSQL and Spark: the rows the Python step wrote (see int_attribution_model_weights.py,
    which DuckDB runs instead). -#}
-- depends_on: {{ ref('int_attribution_paths') }}

with

weights as (
    select * from {{ python_step_output() }}
),

final as (
    select
        attribution_model,
        channel_set,
        channel,
        cast(weight as {{ type_double() }}) as weight
    from weights
)

select * from final
