-- rfm_score is the recency, frequency and monetary scores written as three digits: returns
-- every row where the text does not spell them.

with

scores as (
    select * from {{ ref('customer_ltv_scoring') }}
)

select
    user_id,
    rfm_score,
    recency_score,
    frequency_score,
    monetary_score
from scores
where
    rfm_score <> {{ dbt.concat([
        'cast(recency_score as ' ~ dbt.type_string() ~ ')',
        'cast(frequency_score as ' ~ dbt.type_string() ~ ')',
        'cast(monetary_score as ' ~ dbt.type_string() ~ ')'
    ]) }}
    or {{ dbt.length('rfm_score') }} <> 3
