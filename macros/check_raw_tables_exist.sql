{#
    on-run-start: when the bundled sample is not seeded (use_bundled_sample false, or any
    development target: bundled_sample_seeded()), the six raw tables must already be in the
    raw schema. A missing one stops the run with its name and how to load it, instead of a
    "table does not exist" error deep inside a staging model.
#}
{% macro check_raw_tables_exist() %}
    {%- if execute and not lottery_analytics.bundled_sample_seeded() and flags.WHICH in ['build', 'run', 'test', 'seed'] -%}
        {%- set missing = [] -%}
        {%- for source in graph.sources.values() if source.package_name == project_name -%}
            {%- set relation = adapter.get_relation(
                database=source.database, schema=source.schema, identifier=source.identifier
            ) -%}
            {%- if relation is none -%}
                {%- do missing.append(source.schema ~ '.' ~ source.identifier) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if missing and not lottery_analytics.is_production_target() -%}
            {{ exceptions.raise_compiler_error(
                "Raw table(s) missing: " ~ (missing | join(', ')) ~ ". " ~ target.name
                ~ " is a development target: it reads the shared raw schema and never seeds it. "
                ~ "Fill it with a production target first: `lottery-analytics load DIR` (the six "
                ~ "tables of docs/contract/raw_sources.md) or the bundled sample "
                ~ "(`lottery-analytics build --target " ~ target.type ~ "`)."
            ) }}
        {%- elif missing -%}
            {{ exceptions.raise_compiler_error(
                "Raw table(s) missing: " ~ (missing | join(', ')) ~ ". Load your extracts with "
                ~ "`lottery-analytics load DIR` (the six tables of docs/contract/raw_sources.md), "
                ~ "or use the bundled sample: `dbt seed` with use_bundled_sample true (the default)."
            ) }}
        {%- endif -%}
    {%- endif -%}
    select 1
{% endmacro %}
