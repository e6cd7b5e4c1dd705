with

spend as (
    select * from {{ ref('base_funnel_spend') }}
    where reject_reason is null
),

final as (
    select
        {{ dbt.concat(["cast(spend_date as " ~ dbt.type_string() ~ ")", "'|'", "campaign_id"]) }}
            as campaign_day_id,
        spend_date,
        campaign_id,
        campaign_name,
        channel,
        spend,
        original_spend,
        original_currency,
        fx_rate_to_reporting,
        spend < 0 as is_credit,
        impressions,
        clicks,
        _loaded_at
    from spend
)

select * from final
