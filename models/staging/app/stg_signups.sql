{{ bundled_sample_dependency('signups') }}
with

source as (
    select * from {{ source('app', 'signups') }}
),

latest_delivery as (
    {{ deduplicate('source', ['user_id'], tie_breakers=['signed_up_at']) }}
),

cleaned as (
    select
        user_id,
        nullif(trim(anonymous_id), '') as anonymous_id,
        {{ parse_iso_timestamp('signed_up_at') }} as signed_up_at,
        {{ sha256_hex('lower(trim(email))') }} as email_hash,
        upper(trim(country_code)) as country_code,
        date_of_birth,
        lower(trim(device_type)) as device_type,
        _loaded_at,
        {#- the raw text of the columns cleaned above, for int_rejected_rows -#}
        {{ raw_copies(['anonymous_id', 'signed_up_at', 'country_code', 'device_type']) }}
    from latest_delivery
),

final as (
    select
        user_id,
        anonymous_id,
        signed_up_at,
        cast(signed_up_at as date) as signed_up_date,
        email_hash,
        country_code,
        date_of_birth,
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
        _loaded_at,
        raw__anonymous_id,
        raw__signed_up_at,
        raw__country_code,
        raw__device_type
    from cleaned
)

select * from final
