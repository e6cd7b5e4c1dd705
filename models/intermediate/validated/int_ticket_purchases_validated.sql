{%- set integrity_reasons = [
    'rejected_account', 'unknown_account', 'unknown_game', 'purchase_before_signup', 'purchase_after_draw'
] %}
{#- Incremental by `partition_date` (the UTC date of the row's time; the load date when the
    time is unparseable), like int_web_events_validated: a run rebuilds every date touched by
    rows staged since the last run (minus `incremental_overlap_hours`), the dates those rows
    had before, and the dates of rows whose verdict depends on a key of its account (int_signups_validated) or its draw (int_games_validated) loaded since
    then (incremental_dates_to_rebuild's integrity_keys); a full refresh rebuilds all. -#}
{{ config(**incremental_by_date_config('partition_date')) }}
with

staged as {{ inline_cte() }} (
    select
        *,
        coalesce(purchased_date, loaded_date) as partition_date
    from {{ ref('stg_ticket_purchases') }}
),

{% if is_incremental() %}
    {{ incremental_dates_to_rebuild(
        'staged', 'purchase_id', 'partition_date', 'staged.partition_date',
        integrity_keys=[('user_id', 'int_signups_validated', 'user_id'), ('game_id', 'int_games_validated', 'game_id')]
    ) }}
{% endif %}

purchases as (
    select staged.* from staged
    {% if is_incremental() %}
        where staged.partition_date in (select dates_to_rebuild.partition_date from dates_to_rebuild)
    {% endif %}
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

games as (
    {{ valid_rows('games') }}
),

converted as (
    {{ convert_to_reporting_currency('purchases', 'purchased_at', {'original_amount': 'amount'}) }}
),

checked as (
    select
        converted.*,
        case
            when converted.purchase_id is null then 'missing_key'
            when converted.user_id is null then 'missing_user_id'
            when converted.game_id is null then 'missing_game_id'
            when converted.purchased_at is null then 'unparseable_timestamp'
            when converted.ticket_count is null or converted.ticket_count <= 0 then 'non_positive_ticket_count'
            when converted.original_amount is null or converted.original_amount <= 0 then 'non_positive_amount'
            when not converted.is_known_currency then 'unknown_currency'
            when converted.amount is null then 'no_exchange_rate'
            when accounts.user_id is null and rejected_accounts.user_id is not null
                then 'rejected_account'
            when accounts.user_id is null then 'unknown_account'
            when games.game_id is null then 'unknown_game'
            when converted.purchased_at < accounts.signed_up_at then 'purchase_before_signup'
            when converted.purchased_at > games.draw_at then 'purchase_after_draw'
        end as reject_reason
    from converted
    left join accounts
        on converted.user_id = accounts.user_id
    left join rejected_accounts
        on converted.user_id = rejected_accounts.user_id
    left join games
        on converted.game_id = games.game_id
),

judged as (
    select
        *,
        {{ reject_stage('reject_reason', integrity_reasons) }} as reject_stage
    from checked
),

final as (
    select
        purchase_id,
        user_id,
        game_id,
        purchased_at,
        purchased_date,
        ticket_count,
        amount,
        original_amount,
        original_currency,
        fx_rate_to_reporting,
        is_known_currency,
        _loaded_at,
        reject_reason,
        reject_stage,
        case
            -- staging rejects show the raw row, integrity rejects its cleaned values
            when reject_stage = 'staging' then {{ describe_raw_values([
                'purchase_id', 'user_id', 'game_id', ('purchased_at', 'raw__purchased_at'), 'ticket_count',
                ('amount', 'original_amount'), ('currency', 'raw__currency'), '_loaded_at'
            ]) }}
            when reject_stage = 'integrity' then {{ describe_raw_values([
                'purchase_id', 'user_id', 'game_id', 'purchased_at', 'ticket_count', 'original_amount',
                'original_currency'
            ]) }}
        end as raw_values,
        partition_date
    from judged
)

select * from final
