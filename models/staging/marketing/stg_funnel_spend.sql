{{ bundled_sample_dependency('funnel_spend') }}
with

source as (
    select * from {{ source('marketing', 'funnel_spend') }}
),

keyed as (
    select
        *,
        lower(trim(campaign_id)) as campaign_key
    from source
),

latest_delivery as (
    {{ deduplicate('keyed', ['spend_date', 'campaign_key'], tie_breakers=['spend']) }}
),

cleaned as (
    select
        spend_date,
        campaign_key as campaign_id,
        trim(campaign_name) as campaign_name,
        coalesce(nullif(lower(trim(channel)), ''), 'other') as channel,
        spend as original_spend,
        upper(trim(currency)) as original_currency,
        impressions,
        clicks,
        _loaded_at,
        {#- the raw text of the columns cleaned above, for int_rejected_rows -#}
        {{ raw_copies(['channel', 'campaign_id', 'campaign_name', 'currency']) }}
    from latest_delivery
),

final as (
    select
        {{ dbt.concat(["cast(spend_date as " ~ dbt.type_string() ~ ")", "'|'", "campaign_id"]) }}
            as campaign_day_id,
        spend_date,
        campaign_id,
        campaign_name,
        channel,
        original_spend,
        original_currency,
        impressions,
        clicks,
        _loaded_at,
        raw__channel,
        raw__campaign_id,
        raw__campaign_name,
        raw__currency
    from cleaned
)

select * from final
