with

funnel_spend as (
    select * from {{ ref('stg_funnel_spend') }}
),

exchange_rates as (
    select * from {{ ref('stg_exchange_rates') }}
),

converted as (
    {{ convert_to_reporting_currency('funnel_spend', 'spend_date', {'original_spend': 'spend'}) }}
),

checked as (
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
        campaign_day_id,
        spend_date,
        campaign_id,
        campaign_name,
        channel,
        spend,
        original_spend,
        original_currency,
        fx_rate_to_reporting,
        is_known_currency,
        spend < 0 as is_credit,
        impressions,
        clicks,
        _loaded_at,
        reject_reason,
        {{ reject_stage('reject_reason') }} as reject_stage,
        {{ describe_rejected_row([
            'spend_date', ('channel', 'raw__channel'), ('campaign_id', 'raw__campaign_id'),
            ('campaign_name', 'raw__campaign_name'), ('spend', 'original_spend'), ('currency', 'raw__currency'),
            'impressions', 'clicks', '_loaded_at'
        ]) }} as raw_values
    from checked
)

select * from final
