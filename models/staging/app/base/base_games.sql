{{ bundled_sample_dependency('games') }}
{#- the raw values describe_rejected_row shows for a rejected row -#}
{%- set described = [
    'game_id', 'game_name', 'draw_at', 'jackpot_estimate', 'currency',
    'ticket_price', '_loaded_at'
] %}
with

source as (
    select * from {{ source('app', 'games') }}
),

latest_delivery as (
    {{ deduplicate('source', ['game_id'], tie_breakers=['draw_at']) }}
),

exchange_rates as (
    select * from {{ ref('stg_exchange_rates') }}
),

cleaned as (
    select
        game_id,
        trim(game_name) as game_name,
        {{ parse_iso_timestamp('draw_at') }} as draw_at,
        jackpot_estimate as original_jackpot_estimate,
        ticket_price as original_ticket_price,
        upper(trim(currency)) as original_currency,
        _loaded_at,
        {{ raw_copies(described) }}
    from latest_delivery
),

converted as (
    {{ convert_to_reporting_currency('cleaned', 'draw_at', {
        'original_jackpot_estimate': 'jackpot_estimate',
        'original_ticket_price': 'ticket_price'
    }) }}
),

validated as (
    select
        *,
        case
            when game_id is null then 'missing_key'
            when draw_at is null then 'unparseable_timestamp'
            when original_ticket_price is null or original_ticket_price <= 0
                then 'non_positive_ticket_price'
            when not is_known_currency then 'unknown_currency'
            when fx_rate_to_reporting is null then 'no_exchange_rate'
        end as reject_reason
    from converted
),

final as (
    select
        game_id,
        game_name,
        draw_at,
        original_jackpot_estimate,
        original_ticket_price,
        original_currency,
        _loaded_at,
        {{ describe_rejected_row(described) }} as raw_values,
        jackpot_estimate,
        ticket_price,
        fx_rate_to_reporting,
        is_known_currency,
        reject_reason
    from validated
)

select * from final
