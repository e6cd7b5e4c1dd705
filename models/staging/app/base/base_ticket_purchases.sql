{{ bundled_sample_dependency('ticket_purchases') }}
{#- the raw values describe_rejected_row shows for a rejected row -#}
{%- set described = [
    'purchase_id', 'user_id', 'game_id', 'purchased_at', 'ticket_count',
    'amount', 'currency', '_loaded_at'
] %}
with

source as (
    select * from {{ source('app', 'ticket_purchases') }}
),

latest_delivery as (
    {{ deduplicate('source', ['purchase_id'], tie_breakers=['purchased_at']) }}
),

exchange_rates as (
    select * from {{ ref('stg_exchange_rates') }}
),

cleaned as (
    select
        purchase_id,
        user_id,
        game_id,
        {{ parse_iso_timestamp('purchased_at') }} as purchased_at,
        ticket_count,
        amount as original_amount,
        upper(trim(currency)) as original_currency,
        _loaded_at,
        {{ raw_copies(described) }}
    from latest_delivery
),

converted as (
    {{ convert_to_reporting_currency('cleaned', 'purchased_at', {'original_amount': 'amount'}) }}
),

validated as (
    select
        *,
        case
            when purchase_id is null then 'missing_key'
            when user_id is null then 'missing_user_id'
            when game_id is null then 'missing_game_id'
            when purchased_at is null then 'unparseable_timestamp'
            when ticket_count is null or ticket_count <= 0 then 'non_positive_ticket_count'
            when original_amount is null or original_amount <= 0 then 'non_positive_amount'
            when not is_known_currency then 'unknown_currency'
            when amount is null then 'no_exchange_rate'
        end as reject_reason
    from converted
),

final as (
    select
        purchase_id,
        user_id,
        game_id,
        purchased_at,
        ticket_count,
        original_amount,
        original_currency,
        _loaded_at,
        {{ describe_rejected_row(described) }} as raw_values,
        amount,
        fx_rate_to_reporting,
        is_known_currency,
        reject_reason
    from validated
)

select * from final
