{#- Fails (one row: how many) unless exactly one row of the model has the boolean column true. -#}
{% test exactly_one_true(model, column_name) %}

select count(*) as true_rows
from {{ model }}
where {{ column_name }}
having count(*) <> 1

{% endtest %}
