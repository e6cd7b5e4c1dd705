with

games as (
    select * from {{ ref('stg_games') }}
),

exchange_rates as (
    select * from {{ ref('stg_exchange_rates') }}
),

converted as (
    {{ convert_to_reporting_currency('games', 'draw_at', {
        'original_jackpot_estimate': 'jackpot_estimate',
        'original_ticket_price': 'ticket_price'
    }) }}
),

checked as (
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
        draw_date,
        jackpot_estimate,
        ticket_price,
        original_jackpot_estimate,
        original_ticket_price,
        original_currency,
        fx_rate_to_reporting,
        is_known_currency,
        jackpot_estimate is not null as has_jackpot_estimate,
        _loaded_at,
        reject_reason,
        {{ reject_stage('reject_reason') }} as reject_stage,
        {{ describe_rejected_row([
            'game_id', ('game_name', 'raw__game_name'), ('draw_at', 'raw__draw_at'),
            ('jackpot_estimate', 'original_jackpot_estimate'), ('currency', 'raw__currency'),
            ('ticket_price', 'original_ticket_price'), '_loaded_at'
        ]) }} as raw_values
    from checked
)

select * from final
