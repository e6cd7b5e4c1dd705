{#
    on-run-start: SQL functions an engine lacks, created before any model or test runs.
      DuckDB, Spark: none.
      PostgreSQL: lottery_try_cast(text, <null of the target type>), a try_cast: plpgsql
      assigns the text to a variable of the target type (the type's input conversion) and
      returns null when that raises. Created in the target's schema (profiles.yml `schema`).
      It is declared volatile on purpose: PostgreSQL then never inlines a CTE that calls it,
      so it runs once per row where staging parses a value, not again for every candidate
      pair of a join on the parsed value (which made one staging query take minutes).
      It is parallel unsafe: its exception block is a subtransaction, which PostgreSQL
      does not allow in a parallel query (large tables get parallel plans otherwise).
#}
{% macro create_engine_helpers() -%}
    {{ return(adapter.dispatch('create_engine_helpers', 'lottery_analytics')()) }}
{%- endmacro %}

{% macro default__create_engine_helpers() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_engine_helpers() -%}
    create schema if not exists {{ adapter.quote(target.schema) }};
    create or replace function {{ lottery_analytics.engine_helper('lottery_try_cast') }}(
        value text, type_of_result anyelement
    )
    returns anyelement
    language plpgsql
    volatile
    parallel unsafe
    as $lottery$
    declare
        result alias for $0;
    begin
        result := value;
        return result;
    exception when others then
        return null;
    end
    $lottery$
{%- endmacro %}

{#- Qualified name of a helper function created by create_engine_helpers. -#}
{% macro engine_helper(name) -%}
    {{ adapter.quote(target.schema) }}.{{ name }}
{%- endmacro %}
