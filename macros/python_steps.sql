{#-
    The relation a Python step wrote for the current model on PostgreSQL and Spark
    (`<model>__python` in the model's schema; lottery_analytics.python_steps). Building the
    model is refused unless the variable `python_steps_done` names it: only
    `lottery-analytics build` writes that table, right before it builds the model, so a
    plain `dbt build` fails here instead of building on a missing or stale table.
-#}
{% macro python_step_output() -%}
    {%- if execute and flags.WHICH in ['run', 'build'] and this.name not in var('python_steps_done', []) -%}
        {{ exceptions.raise_compiler_error(
            this.name ~ " is a Python step (lottery_analytics.python_steps): dbt cannot run "
            ~ "Python models on " ~ target.type ~ ". Build with `lottery-analytics build "
            ~ "--target " ~ target.name ~ "`, which runs the step between two dbt invocations "
            ~ "(docs/engines.md, Python steps).") }}
    {%- endif -%}
    {{ api.Relation.create(
        database=this.database,
        schema=this.schema,
        identifier=this.identifier ~ '__python',
        type='table') }}
{%- endmacro %}
