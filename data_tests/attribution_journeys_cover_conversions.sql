-- Every attributed conversion is a converting journey with the same touches, and its
-- channel set has shapley credits: the data-driven models never fall back to linear on
-- the built data. Fails on (returns) every conversion where that does not hold.

with

attribution_conversions as (
    select * from {{ ref('attribution_conversions') }}
    where is_attributed
),

journeys as (
    select * from {{ ref('int_attribution_journeys') }}
    where converted
),

shapley_sets as (
    select distinct channel_set
    from {{ ref('int_attribution_model_weights') }}
    where attribution_model = 'shapley'
),

checked as (
    select
        attribution_conversions.conversion_id,
        attribution_conversions.touches_in_window,
        journeys.touches_in_window as journey_touches,
        journeys.channel_set,
        shapley_sets.channel_set as credited_set
    from attribution_conversions
    left join journeys
        on attribution_conversions.conversion_id = journeys.conversion_id
    left join shapley_sets
        on journeys.channel_set = shapley_sets.channel_set
),

failures as (
    select * from checked
    where
        journey_touches is null
        or journey_touches <> touches_in_window
        or credited_set is null
)

select * from failures
