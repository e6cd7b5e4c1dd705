{{ bundled_sample_dependency('funnel_spend') }}
{#- the raw values describe_rejected_row shows for a rejected row -#}
{%- set described = [
    'spend_date', 'channel', 'campaign_id', 'campaign_name', 'spend', 'currency',
    'impressions', 'clicks', '_loaded_at'
] %}
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

exchange_rates as (
    select * from {{ ref('stg_exchange_rates') }}
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
        {{ raw_copies(described) }}
    from latest_delivery
),

converted as (
    {{ convert_to_reporting_currency('cleaned', 'spend_date', {'original_spend': 'spend'}) }}
),

validated as (
    select
        *,
        case
            when spend_date is null or campaign_id is null then 'missing_key'
            when original_spend is null then 'missing_spend'
            when not is_known_currency then 'unknown_currency'
            when spend is null then 'no_exchange_rate'
        end as reject_reason
    from converted
),

final as (
    select
        spend_date,
        campaign_id,
        campaign_name,
        channel,
        original_spend,
        original_currency,
        impressions,
        clicks,
        _loaded_at,
        {{ describe_rejected_row(described) }} as raw_values,
        spend,
        fx_rate_to_reporting,
        is_known_currency,
        reject_reason
    from validated
)

select * from final
