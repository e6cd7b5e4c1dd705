{{ bundled_sample_dependency('deposits') }}
with

source as (
    select * from {{ source('app', 'deposits') }}
),

latest_delivery as (
    {{ deduplicate('source', ['deposit_id'], tie_breakers=['deposited_at']) }}
),

exchange_rates as (
    select * from {{ ref('stg_exchange_rates') }}
),

cleaned as (
    select
        deposit_id,
        user_id,
        {{ parse_iso_timestamp('deposited_at') }} as deposited_at,
        amount as original_amount,
        upper(trim(currency)) as original_currency,
        {{ known_or_other('lower(trim(payment_method))', payment_methods()) }} as payment_method,
        lower(trim(status)) as status,
        _loaded_at,
        {{ describe_raw_values([
            'deposit_id', 'user_id', 'deposited_at', 'amount', 'currency',
            'payment_method', 'status', '_loaded_at'
        ]) }} as raw_values
    from latest_delivery
),

converted as (
    {{ convert_to_reporting_currency('cleaned', 'deposited_at', {'original_amount': 'amount'}) }}
),

validated as (
    select
        *,
        case
            when deposit_id is null then 'missing_key'
            when user_id is null then 'missing_user_id'
            when deposited_at is null then 'unparseable_timestamp'
            when original_amount is null or original_amount <= 0 then 'non_positive_amount'
            when not is_known_currency then 'unknown_currency'
            when amount is null then 'no_exchange_rate'
            when status is null or status not in ({{ quoted_list(deposit_statuses()) }}) then 'unknown_status'
        end as reject_reason
    from converted
),

final as (
    select * from validated
)

select * from final
