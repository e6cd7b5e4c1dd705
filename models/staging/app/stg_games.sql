with

games as (
    select * from {{ ref('base_games') }}
    where reject_reason is null
),

final as (
    select
        game_id,
        game_name,
        draw_at,
        cast(draw_at as date) as draw_date,
        jackpot_estimate,
        ticket_price,
        original_jackpot_estimate,
        original_ticket_price,
        original_currency,
        fx_rate_to_reporting,
        jackpot_estimate is not null as has_jackpot_estimate,
        _loaded_at
    from games
)

select * from final
