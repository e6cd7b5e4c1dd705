{#
    Applied to a raw source: every raw row is a staged row, a rejected row or a removed
    re-delivery, so that `raw rows = staged rows + rejected rows + removed duplicates`.
    Removed duplicates are counted from the raw table itself (rows minus distinct non-null
    keys minus null-key rows), independently of staging. Returns one row when it fails.
#}
{% test raw_rows_accounted_for(model, staged_model, source_table, key_columns) %}

with

raw_rows as (
    select count(*) as row_count from {{ model }}
),

raw_keys as (
    select count(*) as key_count
    from (
        select distinct {{ key_columns | join(', ') }}
        from {{ model }}
        where {% for column in key_columns %}{{ column }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
    ) as distinct_keys
),

null_key_rows as (
    select count(*) as row_count
    from {{ model }}
    where {% for column in key_columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
),

staged as (
    select count(*) as row_count from {{ staged_model }}
),

rejected as (
    select count(*) as row_count
    from {{ ref('int_rejected_rows') }}
    where source_table = '{{ source_table }}' and reject_stage = 'staging'
),

reconciliation as (
    select
        raw_rows.row_count as raw_row_count,
        staged.row_count as staged_row_count,
        rejected.row_count as rejected_row_count,
        raw_rows.row_count - raw_keys.key_count - null_key_rows.row_count as removed_duplicates
    from raw_rows
    cross join raw_keys
    cross join null_key_rows
    cross join staged
    cross join rejected
)

select *
from reconciliation
where raw_row_count <> staged_row_count + rejected_row_count + removed_duplicates

{% endtest %}
