with

signups as (
    select * from {{ ref('base_signups') }}
    where reject_reason is null
),

final as (
    select
        user_id,
        anonymous_id,
        signed_up_at,
        cast(signed_up_at as date) as signed_up_date,
        email_hash,
        country_code,
        device_type,
        anonymous_id is not null as is_web_signup,
        {{ dbt.datediff('date_of_birth', 'cast(signed_up_at as date)', 'year') }}
        - case
            when {{ dbt.dateadd(
                'year',
                dbt.datediff('date_of_birth', 'cast(signed_up_at as date)', 'year'),
                'date_of_birth'
            ) }} > cast(signed_up_at as date) then 1
            else 0
        end as age_at_signup_years,
        _loaded_at
    from signups
)

select * from final
