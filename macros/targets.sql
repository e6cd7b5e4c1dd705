{#
    Production and development targets (docs/engines.md, "Schemas per target").
    The production targets build in the plain schemas analysts read (marts, staging, ...);
    any other target is a development target and builds in `<target.schema>_<name>`
    (generate_schema_name). dbt_project.yml repeats this list where it enables the raw
    seeds (it is rendered before macros exist), and so does lottery_analytics.project
    (PRODUCTION_TARGETS); tests/test_dev_target.py checks that the three agree.
#}
{% macro production_targets() -%}
    {{ return(['duckdb', 'postgres', 'spark']) }}
{%- endmacro %}

{% macro is_production_target() -%}
    {{ return(target.name in lottery_analytics.production_targets()) }}
{%- endmacro %}

{#- True when this run seeds the bundled sample into the raw schema: `use_bundled_sample`
    on a production target. A development target reads the shared raw schema as it is
    (the sample a production build seeded, or loaded extracts) and never writes it. -#}
{% macro bundled_sample_seeded() -%}
    {{ return(var('use_bundled_sample', true) and lottery_analytics.is_production_target()) }}
{%- endmacro %}
