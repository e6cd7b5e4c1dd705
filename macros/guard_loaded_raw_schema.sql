{#
    on-run-start guard: `lottery-analytics load` leaves a marker table in the raw schema.
    Seeding the bundled sample there would silently replace the loaded extracts, so a
    `dbt seed` or `dbt build` that would do it stops with an explanation instead.
#}
{% macro guard_loaded_raw_schema() %}
    {#- Only at execution: while dbt parses, `graph` is empty, and `selected_resources` can
        still hold the previous invocation's selection when dbt runs twice in one process. -#}
    {%- set raw_seeds = [] -%}
    {%- for unique_id in (selected_resources if execute else []) if unique_id.startswith('seed.') -%}
        {%- if graph.nodes[unique_id].fqn[1] == 'raw' -%}
            {%- do raw_seeds.append(unique_id) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if execute and raw_seeds -%}
        {%- set marker = adapter.get_relation(
            database=target.database,
            schema=var('raw_schema', 'raw'),
            identifier='_lottery_load'
        ) -%}
        {%- if marker is not none -%}
            {{ exceptions.raise_compiler_error(
                "The raw schema '" ~ var('raw_schema', 'raw') ~ "' holds extracts loaded with "
                ~ "`lottery-analytics load`; seeding the bundled sample would replace them. "
                ~ "Build on them with `lottery-analytics build --no-sample` or "
                ~ "`dbt build --vars '{use_bundled_sample: false}'`, or run `lottery-analytics load` "
                ~ "on another --database to keep both."
            ) }}
        {%- endif -%}
    {%- endif -%}
    select 1
{% endmacro %}
