{#
    dbt's `relationships`, against the valid rows of the parent (`to`, a validated model):
    fails on every non-null value of the column that no row of `to` with a null
    `reject_reason` has in `field`.
#}
{% test relationships_to_valid_rows(model, column_name, to, field) %}

with

child as (
    select {{ column_name }} as child_key
    from {{ model }}
    where {{ column_name }} is not null
),

parent as (
    select {{ field }} as parent_key
    from {{ to }}
    where reject_reason is null
)

select child.child_key
from child
left join parent
    on child.child_key = parent.parent_key
where parent.parent_key is null

{% endtest %}
