{#
    The bundled sample lands the raw tables as seeds, but staging reads them as sources, so
    dbt would not know that a seed must load before the model that reads its table. When the
    sample is seeded (bundled_sample_seeded(): use_bundled_sample on a production target),
    this records the seed as a dependency (it renders nothing), so a plain `dbt build` on a
    fresh database seeds first.
#}
{% macro bundled_sample_dependency(seed_name) -%}
    {%- if lottery_analytics.bundled_sample_seeded() -%}
        {%- do ref(seed_name) -%}
    {%- endif -%}
{%- endmacro %}
