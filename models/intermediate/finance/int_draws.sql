with

games as (
    {{ valid_rows('games') }}
),

final as (
    select
        game_id,
        game_name,
        draw_at,
        draw_date,
        jackpot_estimate,
        ticket_price,
        original_currency,
        has_jackpot_estimate,
        coalesce(jackpot_estimate >= {{ var('high_jackpot_threshold') }}, false)
            as is_high_jackpot_draw
    from games
)

select * from final
