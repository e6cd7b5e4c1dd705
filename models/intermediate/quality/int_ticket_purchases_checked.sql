with

purchases as (
    select * from {{ ref('stg_ticket_purchases') }}
),

accounts as (
    select
        user_id,
        signed_up_at
    from {{ ref('stg_signups') }}
),

rejected_accounts as (
    select distinct user_id
    from {{ ref('base_signups') }}
    where reject_reason is not null and user_id is not null
),

games as (
    select
        game_id,
        draw_at
    from {{ ref('stg_games') }}
),

checked as (
    select
        purchases.*,
        case
            when accounts.user_id is null and rejected_accounts.user_id is not null
                then 'rejected_account'
            when accounts.user_id is null then 'unknown_account'
            when games.game_id is null then 'unknown_game'
            when purchases.purchased_at < accounts.signed_up_at then 'purchase_before_signup'
            when purchases.purchased_at > games.draw_at then 'purchase_after_draw'
        end as reject_reason
    from purchases
    left join accounts
        on purchases.user_id = accounts.user_id
    left join rejected_accounts
        on purchases.user_id = rejected_accounts.user_id
    left join games
        on purchases.game_id = games.game_id
),

final as (
    select * from checked
)

select * from final
