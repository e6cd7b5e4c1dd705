{#
    The bundled sample lands the raw tables as seeds, but staging reads them as sources, so
    dbt would not know that a seed must load before the model that reads its table. When the
    sample is in use, this records the seed as a dependency (it renders nothing), so a plain
    `dbt build` on a fresh database seeds first.
#}
{% macro bundled_sample_dependency(seed_name) -%}
    {%- if var('use_bundled_sample', true) -%}
        {%- do ref(seed_name) -%}
    {%- endif -%}
{%- endmacro %}
