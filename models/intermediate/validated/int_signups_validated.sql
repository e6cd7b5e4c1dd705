with

staged_signups as (
    select * from {{ ref('stg_signups') }}
),

signups as (
    {{ with_seed_codes('staged_signups', {'device_type': 'device_types'}) }}
),

countries as (
    select country_code from {{ ref('country_codes') }}
),

checked as (
    select
        signups.*,
        case
            when signups.user_id is null then 'missing_key'
            when signups.signed_up_at is null then 'unparseable_timestamp'
            when countries.country_code is null then 'unknown_country'
            when signups.date_of_birth is null then 'missing_date_of_birth'
            when
                {{ dbt.dateadd('year', var('legal_age_years'), 'signups.date_of_birth') }}
                > cast(signups.signed_up_at as date)
                then 'under_age'
        end as reject_reason
    from signups
    left join countries
        on signups.country_code = countries.country_code
),

final as (
    select
        user_id,
        anonymous_id,
        signed_up_at,
        signed_up_date,
        email_hash,
        country_code,
        date_of_birth,
        device_type_code as device_type,
        is_web_signup,
        age_at_signup_years,
        _loaded_at,
        reject_reason,
        {{ reject_stage('reject_reason') }} as reject_stage,
        {{ describe_rejected_row([
            'user_id', ('anonymous_id', 'raw__anonymous_id'), ('signed_up_at', 'raw__signed_up_at'),
            ('email_sha256', 'email_hash'), ('country_code', 'raw__country_code'), 'date_of_birth',
            ('device_type', 'raw__device_type'), '_loaded_at'
        ]) }} as raw_values
    from checked
)

select * from final
