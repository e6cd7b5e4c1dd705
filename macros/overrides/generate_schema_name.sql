{#
    Schemas per target (docs/engines.md, "Schemas per target"). dbt's own rule is
    `<target.schema>_<custom>` everywhere; this one:
      production targets (production_targets(): duckdb, postgres, spark): a node with a
        custom schema (staging, intermediate, marts, lookups, raw) is built in exactly that
        schema, so that analysts query `marts.dim_customer` on every engine;
      every other target is a development target: `<target.schema>_<custom>` (the dev
        targets of profiles.yml set `schema` to $LOTTERY_DEV_SCHEMA, default dev_<user>),
        so a developer's build never replaces what analysts read.
    Nodes without a custom schema use the target's schema. The raw schema is a source and
    stays shared: a development target never seeds it (bundled_sample_seeded()).
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif lottery_analytics.is_production_target() -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ target.schema | trim }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
