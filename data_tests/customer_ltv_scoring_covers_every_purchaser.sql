-- customer_ltv_scoring has exactly one row per purchaser of dim_customer: returns every
-- purchaser without a score and every scored account that is not a purchaser (so the row
-- counts are equal as well).

with

purchasers as (
    select user_id from {{ ref('dim_customer') }}
    where is_purchaser
),

scored as (
    select user_id from {{ ref('customer_ltv_scoring') }}
),

missing_scores as (
    select
        purchasers.user_id,
        'purchaser_without_score' as problem
    from purchasers
    left join scored
        on purchasers.user_id = scored.user_id
    where scored.user_id is null
),

unexpected_scores as (
    select
        scored.user_id,
        'score_without_purchaser' as problem
    from scored
    left join purchasers
        on scored.user_id = purchasers.user_id
    where purchasers.user_id is null
)

select * from missing_scores
union all
select * from unexpected_scores
