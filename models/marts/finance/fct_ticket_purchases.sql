with

purchases as (
    {{ valid_rows('ticket_purchases') }}
),

draws as (
    select * from {{ ref('int_draws') }}
),

as_of as (
    select as_of_end_at from {{ ref('int_as_of_date') }}
),

sequenced as (
    select
        purchases.*,
        row_number() over (
            partition by purchases.user_id
            order by purchases.purchased_at, purchases.purchase_id
        ) as purchase_sequence
    from purchases
    cross join as_of
    where purchases.purchased_at < as_of.as_of_end_at
),

final as (
    select
        sequenced.purchase_id,
        sequenced.user_id,
        sequenced.game_id,
        draws.game_name,
        draws.draw_at,
        sequenced.purchased_at,
        sequenced.purchased_date,
        sequenced.ticket_count,
        sequenced.amount,
        sequenced.original_amount,
        sequenced.original_currency,
        draws.jackpot_estimate,
        draws.is_high_jackpot_draw,
        sequenced.purchase_sequence,
        sequenced.purchase_sequence = 1 as is_first_purchase
    from sequenced
    inner join draws
        on sequenced.game_id = draws.game_id
)

{{ contract_select('final') }}
