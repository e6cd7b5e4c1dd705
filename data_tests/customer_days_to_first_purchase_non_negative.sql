-- A first purchase is never on an earlier UTC date than its account's signup (purchases
-- before signup are rejected upstream): returns every account with days_to_first_purchase
-- below 0, and every purchaser without the value or non-purchaser with one.

with

customers as (
    select * from {{ ref('dim_customer') }}
)

select
    user_id,
    signed_up_at,
    first_purchase_at,
    days_to_first_purchase
from customers
where
    days_to_first_purchase < 0
    or (is_purchaser and days_to_first_purchase is null)
    or (not is_purchaser and days_to_first_purchase is not null)
