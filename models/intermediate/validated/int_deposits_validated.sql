{%- set integrity_reasons = ['rejected_account', 'unknown_account', 'deposit_before_signup'] %}
{#- Incremental by `partition_date` (the UTC date of the row's time; the load date when the
    time is unparseable), like int_web_events_validated: a run rebuilds every date touched by
    rows staged since the last run (minus `incremental_overlap_hours`), the dates those rows
    had before, and the dates of rows whose verdict depends on a key of its account (int_signups_validated) loaded since
    then (incremental_dates_to_rebuild's integrity_keys); a full refresh rebuilds all. -#}
{{ config(**incremental_by_date_config('partition_date')) }}
with

staged as {{ inline_cte() }} (
    select
        *,
        coalesce(deposited_date, loaded_date) as partition_date
    from {{ ref('stg_deposits') }}
),

{% if is_incremental() %}
    {{ incremental_dates_to_rebuild(
        'staged', 'deposit_id', 'partition_date', 'staged.partition_date',
        integrity_keys=[('user_id', 'int_signups_validated', 'user_id')]
    ) }}
{% endif %}

staged_deposits as (
    select staged.* from staged
    {% if is_incremental() %}
        where staged.partition_date in (select dates_to_rebuild.partition_date from dates_to_rebuild)
    {% endif %}
),

deposits as (
    {{ with_seed_codes('staged_deposits', {'payment_method': 'payment_methods'}) }}
),

deposit_statuses as (
    select
        status as known_status,
        is_money_in
    from {{ ref('deposit_statuses') }}
),

exchange_rates as (
    select * from {{ ref('stg_exchange_rates') }}
),

accounts as (
    {{ valid_rows('signups') }}
),

rejected_accounts as (
    select distinct user_id
    from {{ ref('int_signups_validated') }}
    where reject_reason is not null and user_id is not null
),

converted as (
    {{ convert_to_reporting_currency('deposits', 'deposited_at', {'original_amount': 'amount'}) }}
),

checked as (
    select
        converted.*,
        case
            when converted.deposit_id is null then 'missing_key'
            when converted.user_id is null then 'missing_user_id'
            when converted.deposited_at is null then 'unparseable_timestamp'
            when converted.original_amount is null or converted.original_amount <= 0 then 'non_positive_amount'
            when not converted.is_known_currency then 'unknown_currency'
            when converted.amount is null then 'no_exchange_rate'
            when deposit_statuses.known_status is null then 'unknown_status'
            when accounts.user_id is null and rejected_accounts.user_id is not null
                then 'rejected_account'
            when accounts.user_id is null then 'unknown_account'
            when converted.deposited_at < accounts.signed_up_at then 'deposit_before_signup'
        end as reject_reason,
        coalesce(deposit_statuses.is_money_in, false) as is_completed
    from converted
    left join deposit_statuses
        on converted.status = deposit_statuses.known_status
    left join accounts
        on converted.user_id = accounts.user_id
    left join rejected_accounts
        on converted.user_id = rejected_accounts.user_id
),

judged as (
    select
        *,
        {{ reject_stage('reject_reason', integrity_reasons) }} as reject_stage
    from checked
),

final as (
    select
        deposit_id,
        user_id,
        deposited_at,
        deposited_date,
        amount,
        original_amount,
        original_currency,
        fx_rate_to_reporting,
        is_known_currency,
        payment_method_code as payment_method,
        status,
        is_completed,
        _loaded_at,
        reject_reason,
        reject_stage,
        case
            -- staging rejects show the raw row, integrity rejects its cleaned values
            when reject_stage = 'staging' then {{ describe_raw_values([
                'deposit_id', 'user_id', ('deposited_at', 'raw__deposited_at'), ('amount', 'original_amount'),
                ('currency', 'raw__currency'), ('payment_method', 'raw__payment_method'),
                ('status', 'raw__status'), '_loaded_at'
            ]) }}
            when reject_stage = 'integrity' then {{ describe_raw_values([
                'deposit_id', 'user_id', 'deposited_at', 'original_amount', 'original_currency', 'status'
            ]) }}
        end as raw_values,
        partition_date
    from judged
)

select * from final
