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

{#- the raw table's counts in one pass, the validated model's in another (they were five
    scans; the raw web events are 28 M rows at 1 M accounts). A composite key's distinct
    count stays a subquery (only funnel spend has one: a few thousand rows). -#}
{%- set any_key_null -%}
    {% for column in key_columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
{%- endset %}
raw_counts as (
    select
        count(*) as row_count,
        {%- if key_columns | length == 1 %}
        count(distinct {{ key_columns[0] }}) as key_count,
        {%- else %}
        (
            select count(*)
            from (
                select distinct {{ key_columns | join(', ') }}
                from {{ model }}
                where not ({{ any_key_null }})
            ) as distinct_keys
        ) as key_count,
        {%- endif %}
        count(case when {{ any_key_null }} then 1 end) as null_key_row_count
    from {{ model }}
),

staged as (
    select count(*) as row_count from {{ staged_model }}
),

validated as (
    select
        count(*) as row_count,
        count(case when reject_reason is null then 1 end) as valid_row_count
    from {{ validated_model }}
),

rejected as (
    select count(*) as row_count
    from {{ ref('int_rejected_rows') }}
    where source_table = '{{ source_table }}'
),

reconciliation as (
    select
        raw_counts.row_count as raw_row_count,
        staged.row_count as staged_row_count,
        raw_counts.row_count - raw_counts.key_count - raw_counts.null_key_row_count as removed_duplicates,
        validated.row_count as validated_row_count,
        rejected.row_count as rejected_row_count,
        validated.valid_row_count
    from raw_counts
    cross join staged
    cross join validated
    cross join rejected
)

select *
from reconciliation
where
    raw_row_count <> staged_row_count + removed_duplicates
    or validated_row_count <> staged_row_count
    or rejected_row_count + valid_row_count <> validated_row_count

{% endtest %}
