{#- True when `expr` matches the regular expression `pattern` (a SQL string literal). -#}
{% macro regex_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'lottery_analytics')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{#- Case-insensitive variant, e.g. for user agents. -#}
{% macro regex_matches_ci(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches_ci', 'lottery_analytics')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches_ci(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }}, 'i')
{%- endmacro %}
