{#- One row per distinct channel path of int_attribution_journeys, with how many journeys
    followed it and converted or not: the small table the Python step reads. -#}

with

journeys as (
    select * from {{ ref('int_attribution_journeys') }}
),

final as (
    select
        channel_path,
        channel_set,
        count(*) as journeys,
        count(case when converted then 1 end) as conversions,
        count(case when not converted then 1 end) as non_conversions
    from journeys
    group by channel_path, channel_set
)

select * from final
