{{ bundled_sample_dependency('deposits') }}
with

source as (
    select * from {{ source('app', 'deposits') }}
),

latest_delivery as (
    {{ deduplicate('source', ['deposit_id'], tie_breakers=['deposited_at']) }}
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
        raw__status
    from cleaned
)

select * from final
