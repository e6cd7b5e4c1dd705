{#
    Applied to a raw source: every raw row is accounted for, in three equations.
      raw rows = staged rows + removed duplicates   (staging drops re-deliveries only; the
                 duplicates are counted from the raw table itself: rows minus distinct non-null
                 keys minus null-key rows)
      validated rows = staged rows                  (validation drops nothing)
      rejected rows + valid rows = validated rows   (int_rejected_rows holds every reject; the
                 valid rows are those of valid_rows)
    Returns one row when any of them fails.
#}
{% test raw_rows_accounted_for(model, staged_model, validated_model, source_table, key_columns) %}

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

validated as (
    select count(*) as row_count from {{ validated_model }}
),

valid as (
    select count(*) as row_count from {{ validated_model }}
    where reject_reason is null
),

rejected as (
    select count(*) as row_count
    from {{ ref('int_rejected_rows') }}
    where source_table = '{{ source_table }}'
),

reconciliation as (
    select
        raw_rows.row_count as raw_row_count,
        staged.row_count as staged_row_count,
        raw_rows.row_count - raw_keys.key_count - null_key_rows.row_count as removed_duplicates,
        validated.row_count as validated_row_count,
        rejected.row_count as rejected_row_count,
        valid.row_count as valid_row_count
    from raw_rows
    cross join raw_keys
    cross join null_key_rows
    cross join staged
    cross join validated
    cross join valid
    cross join rejected
)

select *
from reconciliation
where
    raw_row_count <> staged_row_count + removed_duplicates
    or validated_row_count <> staged_row_count
    or rejected_row_count + valid_row_count <> validated_row_count

{% endtest %}
