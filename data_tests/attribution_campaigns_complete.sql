-- marketing_attribution lists exactly the campaigns with spend rows (int_campaigns) plus
-- the campaigns with a touch in some conversion's window (attribution_touches), each once
-- under each of the five models. Fails on (returns) every campaign and model missing, and
-- every listed campaign that is neither.

with

spend_campaigns as (
    select campaign_id from {{ ref('int_campaigns') }}
),

credited_campaigns as (
    select distinct campaign_id from {{ ref('attribution_touches') }}
),

campaign_rows as (
    select
        campaign_id,
        attribution_model
    from {{ ref('marketing_attribution') }}
),

attribution_models as (
    {{ attribution_model_rows() }}
),

expected_campaigns as (
    select campaign_id from spend_campaigns
    union
    select campaign_id from credited_campaigns
),

expected_rows as (
    select
        expected_campaigns.campaign_id,
        attribution_models.attribution_model
    from expected_campaigns
    cross join attribution_models
),

missing_rows as (
    select
        expected_rows.campaign_id,
        expected_rows.attribution_model,
        'missing' as problem
    from expected_rows
    left join campaign_rows
        on
            expected_rows.campaign_id = campaign_rows.campaign_id
            and expected_rows.attribution_model = campaign_rows.attribution_model
    where campaign_rows.campaign_id is null
),

unexpected_rows as (
    select
        campaign_rows.campaign_id,
        campaign_rows.attribution_model,
        'unexpected' as problem
    from campaign_rows
    left join expected_rows
        on
            campaign_rows.campaign_id = expected_rows.campaign_id
            and campaign_rows.attribution_model = expected_rows.attribution_model
    where expected_rows.campaign_id is null
),

failures as (
    select * from missing_rows
    union all
    select * from unexpected_rows
)

select * from failures
