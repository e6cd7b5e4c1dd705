{#- Fails on every combination of `combination` columns that occurs more than once. -#}
{% test unique_combination(model, combination) %}

select
    {{ combination | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ combination | join(', ') }}
having count(*) > 1

{% endtest %}
