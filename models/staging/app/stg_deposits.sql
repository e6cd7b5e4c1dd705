{{ bundled_sample_dependency('deposits') }}
{#- Incremental by load date (`loaded_date`, the UTC date of `_loaded_at`), like
    stg_web_events: a run parses only the raw rows loaded since the last run (minus
    `incremental_overlap_hours`) and rebuilds their load dates and the load dates of the
    deliveries they replace (deliveries_in_scope); a full refresh parses everything. -#}
{{ config(**incremental_by_date_config('loaded_date')) }}
with

source as {{ inline_cte() }} (
    select * from {{ source('app', 'deposits') }}
),

{{ deliveries_in_scope('source', 'deposit_id') }}

latest_delivery as (
    {{ deduplicate('in_scope', ['deposit_id'], tie_breakers=['deposited_at']) }}
),

cleaned as (
    select
        deposit_id,
        user_id,
        {{ parse_iso_timestamp('deposited_at') }} as deposited_at,
        amount as original_amount,
        upper(trim(currency)) as original_currency,
        lower(trim(payment_method)) as payment_method,
        lower(trim(status)) as status,
        _loaded_at,
        {#- the raw text of the columns cleaned above, for int_rejected_rows -#}
        {{ raw_copies(['deposited_at', 'currency', 'payment_method', 'status']) }}
    from latest_delivery
),

final as (
    select
        deposit_id,
        user_id,
        deposited_at,
        cast(deposited_at as date) as deposited_date,
        original_amount,
        original_currency,
        payment_method,
        status,
        _loaded_at,
        raw__deposited_at,
        raw__currency,
        raw__payment_method,
        raw__status,
        cast(_loaded_at as date) as loaded_date
    from cleaned
    {{ where_loaded_date_rebuilt() }}
)

select * from final
