{{ bundled_sample_dependency('games') }}
with

source as (
    select * from {{ source('app', 'games') }}
),

latest_delivery as (
    {{ deduplicate('source', ['game_id'], tie_breakers=['draw_at']) }}
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
        {#- the raw text of the columns cleaned above, for int_rejected_rows -#}
        {{ raw_copies(['game_name', 'draw_at', 'currency']) }}
    from latest_delivery
),

final as (
    select
        game_id,
        game_name,
        draw_at,
        cast(draw_at as date) as draw_date,
        original_jackpot_estimate,
        original_ticket_price,
        original_currency,
        _loaded_at,
        raw__game_name,
        raw__draw_at,
        raw__currency
    from cleaned
)

select * from final
