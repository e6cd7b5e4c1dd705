{{ bundled_sample_dependency('deposits') }}
{#- the raw values describe_rejected_row shows for a rejected row -#}
{%- set described = [
    'deposit_id', 'user_id', 'deposited_at', 'amount', 'currency',
    'payment_method', 'status', '_loaded_at'
] %}
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
        {{ raw_copies(described) }}
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
    select
        deposit_id,
        user_id,
        deposited_at,
        original_amount,
        original_currency,
        payment_method,
        status,
        _loaded_at,
        {{ describe_rejected_row(described) }} as raw_values,
        amount,
        fx_rate_to_reporting,
        is_known_currency,
        reject_reason
    from validated
)

select * from final
