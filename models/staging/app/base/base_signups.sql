{{ bundled_sample_dependency('signups') }}
{#- the raw values describe_rejected_row shows for a rejected row -#}
{%- set described = [
    'user_id', 'anonymous_id', 'signed_up_at',
    ('email_sha256', sha256_hex('lower(trim(latest_delivery.email))')),
    'country_code', 'date_of_birth', 'device_type', '_loaded_at'
] %}
with

source as (
    select * from {{ source('app', 'signups') }}
),

latest_delivery as (
    {{ deduplicate('source', ['user_id'], tie_breakers=['signed_up_at']) }}
),

countries as (
    select country_code from {{ ref('country_codes') }}
),

cleaned as (
    select
        latest_delivery.user_id,
        nullif(trim(latest_delivery.anonymous_id), '') as anonymous_id,
        {{ parse_iso_timestamp('latest_delivery.signed_up_at') }} as signed_up_at,
        {{ sha256_hex('lower(trim(latest_delivery.email))') }} as email_hash,
        upper(trim(latest_delivery.country_code)) as country_code,
        latest_delivery.date_of_birth,
        {{ known_or_other('lower(trim(latest_delivery.device_type))', device_types()) }} as device_type,
        latest_delivery._loaded_at,
        {{ raw_copies(described) }}
    from latest_delivery
),

validated as (
    select
        cleaned.*,
        case
            when cleaned.user_id is null then 'missing_key'
            when cleaned.signed_up_at is null then 'unparseable_timestamp'
            when countries.country_code is null then 'unknown_country'
            when cleaned.date_of_birth is null then 'missing_date_of_birth'
            when
                {{ dbt.dateadd('year', var('legal_age_years'), 'cleaned.date_of_birth') }}
                > cast(cleaned.signed_up_at as date)
                then 'under_age'
        end as reject_reason
    from cleaned
    left join countries
        on cleaned.country_code = countries.country_code
),

final as (
    select
        user_id,
        anonymous_id,
        signed_up_at,
        email_hash,
        country_code,
        date_of_birth,
        device_type,
        _loaded_at,
        {{ describe_rejected_row(described) }} as raw_values,
        reject_reason
    from validated
)

select * from final
